/**
 * The demo's report of an attack on a vulnerable object (Law art. 10-1–10-3; R16): the demo owner's
 * account names its own object (the first of its objects in the demo city, at the object's point), and
 * the city's operational HQ acknowledges it — ready for an operation to be declared over it (R17).
 * Filed as any report is (routing, history, audit), once: a retried seed finds it by its key. Synthetic:
 * an invented event at a demo object.
 */
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName, usersOfBodies } from "../auth";
import { hqsAt, territoryByCode } from "../registry";
import { objectsVisibleTo } from "../vulnerable-objects";
import { fileDemoIncident } from "./demo-incident";
import { readable } from "./incidents.service";
import { actOnIncident } from "./incidents.triage";

type Ctx = Required<RequestContext>;

export type DemoObjectReport = {
  incidentId: string;
  objectId: string;
  territoryCode: string;
  lat: number | null;
  lon: number | null;
  /** Already linked to an operation (a retried seed): nothing more to declare. */
  linked: boolean;
};

const ctxOf = (id: string, username: string, grant: Ctx["user"]["actor"]["grants"][number]): Ctx => ({
  requestId: "seed",
  ip: "",
  locale: "kk",
  user: { id, username, displayName: username, actor: { userId: id, grants: [grant] } },
});

export async function seedDemoObjectReport(
  database: Database,
  opts: { city: string; reporterUsername: string; hqUsername: string },
): Promise<DemoObjectReport | null> {
  const db = database.db;
  const [reporterId, hqUserId, city] = await Promise.all([
    userIdByName(db, opts.reporterUsername),
    userIdByName(db, opts.hqUsername),
    territoryByCode(db, opts.city),
  ]);
  if (!reporterId || !hqUserId || !city) return null;
  const hq = (await hqsAt(db, [city.code])).find((h) => h.territoryCode === city.code);
  if (!hq) return null;
  const hqCtx = ctxOf(hqUserId, opts.hqUsername, {
    role: "hq_officer",
    bodyId: hq.id,
    territoryPath: city.path,
  });
  // The demo owner's object: one whose owner organisation holds the demo reporter's account.
  let picked: { object: Awaited<ReturnType<typeof objectsVisibleTo>>[number] } | null = null;
  for (const o of await objectsVisibleTo(db, hqCtx.user.actor, city.path, 50)) {
    if (o.lat == null || o.lon == null) continue;
    const owners = await usersOfBodies(db, [o.ownerBodyId], ["organisation_reporter"]);
    if (owners.some((u) => u.id === reporterId)) {
      picked = { object: o };
      break;
    }
  }
  if (!picked) return null;
  const o = picked.object;
  const reporterCtx = ctxOf(reporterId, opts.reporterUsername, {
    role: "organisation_reporter",
    bodyId: o.ownerBodyId,
    territoryPath: o.territoryPath,
  });
  const incidentId = await fileDemoIncident(database, reporterCtx, "demo-object-attack", {
    type: "attack_on_vulnerable_object",
    occurredAt: new Date(Date.now() - 45 * 60_000).toISOString(),
    territoryCode: o.territoryCode,
    address: `${o.nameKk} (демо)`,
    lat: o.lat,
    lon: o.lon,
    description:
      "Демо: объектінің кіреберісінде қаруланған адам күзетшілерге шабуыл жасады, адамдар эвакуацияланып жатыр " +
      "(ойдан шығарылған оқиға). Демо: вооружённый человек напал на охрану у входа, идёт эвакуация (вымышленное событие).",
    casualties: 2,
    reporterContact: "",
    objectId: o.id,
  });
  let row = await readable(db, hqCtx.user.actor, incidentId);
  if (row.status === "received") {
    await actOnIncident(database, hqCtx, incidentId, {
      action: "acknowledge",
      version: row.version,
      comment: "Демо: қабылданды / принято",
    });
    row = await readable(db, hqCtx.user.actor, incidentId);
  }
  return {
    incidentId,
    objectId: o.id,
    territoryCode: o.territoryCode,
    lat: o.lat,
    lon: o.lon,
    linked: row.status === "linked" || !!row.operationId,
  };
}
