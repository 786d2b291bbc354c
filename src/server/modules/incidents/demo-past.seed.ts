/**
 * The demo's past reports (R16, R18): five invented events at real places over the past year, each
 * filed and triaged as any report is (routing, history, audit) by the city's HQ officer, then dated
 * back in this module's own tables so the board, a report's history and the map show a year of work:
 * three closed (a knowingly false report referred to the city's police — history, audit, notice — two
 * with no signs of terrorism),
 * one handed over to the police, and one acknowledged for the demo's closed operation to link
 * (operations' `seedDemoClosedOperation`). Dates are relative to now. Once: a second run files
 * nothing (the idempotency keys find the reports) and triages nothing (they are past those steps).
 */
import { eq } from "drizzle-orm";
import type { IncidentType } from "../../../domain/incidents";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { hqsAt, territoryByCode } from "../registry";
import { fileDemoIncident } from "./demo-incident";
import { incident, incidentEvent } from "./incidents.tables";
import { actOnIncident } from "./incidents.triage";
import { policeReferrals, referToPolice } from "./police-referral.service";

type Ctx = Required<RequestContext>;
type Step =
  | { action: "acknowledge" | "assess"; comment: string }
  | { action: "close"; reason: "knowingly_false_report" | "no_signs_of_terrorism"; comment: string }
  | { action: "hand_over"; handedOverTo: string; comment: string };

type PastReport = {
  key: string;
  type: IncidentType;
  /** Where, as latitude and longitude (inside the city), so the map shows it at its place. */
  point: [number, number];
  /** Days before now the event happened. */
  daysAgo: number;
  address: string;
  description: string;
  steps: Step[];
};

const ack = (comment: string): Step => ({ action: "acknowledge", comment });
const assess = (comment: string): Step => ({ action: "assess", comment });

const PAST: PastReport[] = [
  {
    key: "demo-past-1",
    point: [43.2365, 76.928],
    type: "threat_message",
    daysAgo: 290,
    address: "Алматы қ., Сәтбаев көшесі (демо)",
    description: "Демо: мектепке телефон арқылы жарылыс қаупі туралы хабарлама (ойдан шығарылған оқиға).",
    steps: [
      ack("Хабарлама қабылданды, полиция жіберілді."),
      assess("Ғимарат тексерілді, жарылғыш заттар табылмады."),
      {
        action: "close",
        reason: "knowingly_false_report",
        comment: "Көрінеу жалған хабарлама; материалдар полицияға жіберілді (ҚК 273-бап).",
      },
    ],
  },
  {
    key: "demo-past-2",
    point: [43.262, 76.943],
    type: "suspicious_object",
    daysAgo: 210,
    address: "Алматы қ., Алматы-2 вокзалы (демо)",
    description: "Демо: вокзалдың күту залында иесіз сөмке қалдырылған (ойдан шығарылған оқиға).",
    steps: [
      ack("Аймақ қоршалды, кинологтар шақырылды."),
      { action: "close", reason: "no_signs_of_terrorism", comment: "Сөмкенің иесі табылды, қауіп жоқ." },
    ],
  },
  {
    key: "demo-past-3",
    point: [43.272, 76.9],
    type: "arson",
    daysAgo: 140,
    address: "Алматы қ., Райымбек даңғылы, қойма (демо)",
    description:
      "Демо: қойманың өртенуі, өрттің қасақана қойылғаны туралы мәлімет бар (ойдан шығарылған оқиға).",
    steps: [
      ack("Өрт сөндірушілер мен полиция жіберілді."),
      assess("Терроризм белгілері анықталмады, қылмыстық іс полиция құзыретінде."),
      {
        action: "hand_over",
        handedOverTo: "Алматы қ. Полиция департаменті",
        comment: "Құзыреті бойынша берілді.",
      },
    ],
  },
  {
    key: "demo-past-4",
    point: [43.24, 76.965],
    type: "hostage_taking",
    daysAgo: 75,
    address: "Алматы қ., Медеу ауданы, кеңсе ғимараты (демо)",
    description:
      "Демо: кеңсе ғимаратында қаруланған адам қызметкерлерді кепілге алды (ойдан шығарылған оқиға).",
    steps: [ack("Жедел топ жіберілді."), assess("Кепілге алу расталды; ТҚО жариялау ұсынылады.")],
  },
  {
    key: "demo-past-5",
    point: [43.258, 76.945],
    type: "cbrn_threat",
    daysAgo: 35,
    address: "Алматы қ., орталық пошта бөлімшесі (демо)",
    description: "Демо: хатқа салынған белгісіз ұнтақ (ойдан шығарылған оқиға).",
    steps: [
      ack("Радиациялық, химиялық және биологиялық барлау тобы шақырылды."),
      assess("Зертханалық талдау жүргізілді."),
      { action: "close", reason: "no_signs_of_terrorism", comment: "Ұнтақ қауіпсіз зат болып шықты." },
    ],
  },
];

/** The report left for the demo's closed operation to link: its id, place and when it happened. */
export type DemoPastReports = { ids: string[]; forOperation: { id: string; occurredAt: Date } | null };

export async function seedDemoPastIncidents(
  database: Database,
  opts: { city: string; hqUsername: string },
  now: Date = new Date(),
): Promise<DemoPastReports> {
  const db = database.db;
  const [userId, city] = await Promise.all([
    userIdByName(db, opts.hqUsername),
    territoryByCode(db, opts.city),
  ]);
  if (!userId || !city) return { ids: [], forOperation: null };
  const hq = (await hqsAt(db, [city.code])).find((h) => h.territoryCode === city.code);
  if (!hq) return { ids: [], forOperation: null };
  const ctx: Ctx = {
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
  const ids: string[] = [];
  let forOperation: DemoPastReports["forOperation"] = null;
  for (const p of PAST) {
    const occurredAt = new Date(now.getTime() - p.daysAgo * 86_400_000);
    const id = await fileDemoIncident(database, ctx, p.key, {
      type: p.type,
      occurredAt: occurredAt.toISOString(),
      territoryCode: city.code,
      address: p.address,
      lat: p.point[0],
      lon: p.point[1],
      description: p.description,
    });
    ids.push(id);
    const [row] = await db
      .select({ status: incident.status, version: incident.version })
      .from(incident)
      .where(eq(incident.id, id));
    if (row?.status === "received") {
      let version = row.version;
      for (const s of p.steps) {
        const done = await actOnIncident(database, ctx, id, { ...s, version });
        version = done.version;
      }
      // The knowingly false report goes to the city's police (Criminal Code art. 273), as the HQ would send it.
      if (p.key === "demo-past-1") {
        const offer = await policeReferrals(db, ctx.user.actor, id);
        if (offer.canRefer && offer.defaultBodyId)
          await referToPolice(database, ctx, id, {
            policeBodyId: offer.defaultBodyId,
            note: "Демо: қоңырау шалған нөмір мен жазба қоса берілді.",
          });
      }
      await dateBack(database, id, occurredAt);
    }
    if (p.key === "demo-past-4") forOperation = { id, occurredAt };
  }
  return { ids, forOperation };
}

/**
 * Move a freshly triaged demo report to when it happened: received 10 minutes after the event,
 * acknowledged 5 minutes later, each further step of its history an hour after the one before.
 */
async function dateBack(database: Database, id: string, occurredAt: Date) {
  const minutes = (m: number) => new Date(occurredAt.getTime() + m * 60_000);
  await database.db.transaction(async (tx) => {
    const events = await tx
      .select({ id: incidentEvent.id })
      .from(incidentEvent)
      .where(eq(incidentEvent.incidentId, id))
      .orderBy(incidentEvent.id);
    for (const [i, e] of events.entries()) {
      await tx
        .update(incidentEvent)
        .set({ at: minutes(i === 0 ? 10 : 15 + (i - 1) * 60) })
        .where(eq(incidentEvent.id, e.id));
    }
    await tx
      .update(incident)
      .set({
        receivedAt: minutes(10),
        ackDeadline: minutes(25),
        acknowledgedAt: minutes(15),
        updatedAt: minutes(15 + Math.max(0, events.length - 2) * 60),
      })
      .where(eq(incident.id, id));
  });
}
