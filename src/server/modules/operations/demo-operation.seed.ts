/**
 * The demo's counter-terrorist operation (R17, R18): the city's operational HQ declares it over the demo
 * report of an attack on a vulnerable object and links that report, with a drawn zone around the object —
 * so the operating picture's map (/map) shows an operation zone beside the report and the object.
 * Declared as any operation is (command, log, audit), once: a report already linked is not declared again.
 * Synthetic: an invented event at a demo object.
 */
import { declareOperationBody } from "../../../domain/contracts/operations";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { hqsAt, territoryByCode } from "../registry";
import { declareOperation } from "./operations.service";

/** Half the side of the drawn zone, in degrees (about 1 km at Almaty's latitude). */
const HALF = 0.009;

export async function seedDemoOperation(
  database: Database,
  opts: {
    hqUsername: string;
    report: {
      incidentId: string;
      territoryCode: string;
      lat: number | null;
      lon: number | null;
      linked: boolean;
    };
  },
): Promise<string | null> {
  const { report } = opts;
  if (report.linked || report.lat == null || report.lon == null) return null;
  const db = database.db;
  const [userId, place] = await Promise.all([
    userIdByName(db, opts.hqUsername),
    territoryByCode(db, report.territoryCode),
  ]);
  if (!userId || !place) return null;
  const hq = (await hqsAt(db, [place.code])).find((h) => h.territoryCode === place.code);
  if (!hq) return null;
  const ctx: Required<RequestContext> = {
    requestId: "seed",
    ip: "",
    locale: "kk",
    user: {
      id: userId,
      username: opts.hqUsername,
      displayName: opts.hqUsername,
      actor: { userId, grants: [{ role: "hq_officer", bodyId: hq.id, territoryPath: hq.territoryPath }] },
    },
  };
  const [x, y] = [report.lon, report.lat];
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const corners: [number, number][] = [
    [x - HALF, y - HALF],
    [x + HALF, y - HALF],
    [x + HALF, y + HALF],
    [x - HALF, y + HALF],
    [x - HALF, y - HALF],
  ].map(([a, b]) => [round(a), round(b)]);
  // Through the contract, as a request would be.
  const op = await declareOperation(
    database,
    ctx,
    declareOperationBody.parse({
      title: "Демо: объектідегі шабуыл кезіндегі терроризмге қарсы операция",
      goals: ["suppress_act", "ensure_safety"],
      zoneTerritories: [place.code],
      zoneArea: { type: "Polygon", coordinates: [corners] },
      incidentIds: [report.incidentId],
    }),
  );
  return op.id;
}
