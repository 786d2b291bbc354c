/**
 * Incident reports (R16): filed by any body or organisation, acknowledged only after commit, never
 * doubled (idempotency key per user), routed to the competent operational HQ (R18) and triaged through
 * the state machine of src/domain/incidents.ts with a full history. Every change is audited.
 */
import { and, asc, count, desc, eq, or, type SQL, sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type {
  IncidentDetail,
  IncidentListQuery,
  IncidentView,
  ReportIncidentBody,
} from "../../../domain/contracts/incidents";
import {
  type CloseReason,
  DEFAULT_ACK_DEADLINE_SECONDS,
  DUPLICATE_MIN_SIMILARITY,
  DUPLICATE_WINDOW_MINUTES,
  FINAL_STATUSES,
  type IncidentStatus,
  type IncidentType,
  nextActions,
  type TriageAction,
} from "../../../domain/incidents";
import {
  canReadIncident,
  canTriageIncident,
  incidentReadFilters,
  reportingGrants,
} from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { peopleByIds } from "../auth";
import { bodiesByIds, pointOutsideTerritory, territoriesByCodes } from "../registry";
import { eventOf, INCIDENT_CHANNEL, targetOf } from "./incident-events";
import { incident, incidentEvent } from "./incidents.tables";
import { fileReport } from "./intake";
import { checkObjectLink, mayFilterByObject, namedObject } from "./object-link";
import { referredToActor } from "./police-referral.read";

type Ctx = Required<RequestContext>;
type IncidentRow = typeof incident.$inferSelect;

export type IncidentsConfig = { ackDeadlineSeconds: number };
export const defaultIncidentsConfig: IncidentsConfig = { ackDeadlineSeconds: DEFAULT_ACK_DEADLINE_SECONDS };

export const subtree = (col: typeof incident.territoryPath | typeof incident.hqTerritoryPath, path: string) =>
  sql`(${col} = ${path} or ${col} like ${`${escapeLike(path)}/%`})`;

export type ReportResult = { incident: IncidentDetail; created: boolean };

export async function reportIncident(
  database: Database,
  ctx: Ctx,
  key: string,
  input: ReportIncidentBody,
  cfg: IncidentsConfig = defaultIncidentsConfig,
): Promise<ReportResult> {
  const actor = ctx.user.actor;
  const grants = reportingGrants(actor);
  if (grants.length === 0) throw forbidden();
  const grant = input.reportingBodyId ? grants.find((g) => g.bodyId === input.reportingBodyId) : grants[0];
  if (!grant) throw fieldError("reportingBodyId", "invalid_value");
  await checkPoint(database, input);
  await checkObjectLink(database.db, actor, input);

  // Routed and filed (intake.ts, with the reports arriving meanwhile), answered after commit.
  const filed = await fileReport(
    database,
    { ctx, key, input, reportingBodyId: grant.bodyId, ackDeadlineSeconds: cfg.ackDeadlineSeconds },
    { channel: INCIDENT_CHANNEL, eventOf: (r) => eventOf("reported", r) },
  );
  if (!filed.created) {
    // A retry (or a racing twin) of a report already on file: answer with that report.
    const again = await findByKey(database.db, ctx.user.id, key);
    if (!again) throw new AppError(500, "internal");
    return { incident: await getIncident(database.db, actor, again.id), created: false };
  }
  // Built from what is in hand, without reading it back.
  const { row, event } = filed;
  const triage = canTriageIncident(actor, targetOf(row));
  return {
    incident: {
      ...viewOf(row, filed.placeNames, filed.reporter, filed.hq),
      history: [
        {
          id: event.id,
          at: event.at.toISOString(),
          action: event.action,
          fromStatus: null,
          toStatus: event.toStatus,
          actorName: event.actorName,
          // Built without reading back: the person from the session, the body they reported for.
          actor: { id: ctx.user.id, fullName: ctx.user.displayName, body: filed.reporter },
          comment: event.comment,
        },
      ],
      nextActions: triage ? offeredActions("received") : [],
      possibleDuplicates: [],
      merged: [],
      object: await namedObject(database.db, actor, row.objectId),
    },
    created: true,
  };
}

/**
 * A point outside the chosen territory's shipped boundary (src/domain/geo.ts, with its tolerance) is
 * refused unless the reporter confirmed it — a slip of the finger on the map must not send the report's
 * place 170 km away unnoticed. Offshore reports and territories without a boundary are not judged.
 */
async function checkPoint(database: Database, input: ReportIncidentBody) {
  if (input.lat == null || input.lon == null || input.offshore || input.pointOutsideConfirmed) return;
  const judged = await pointOutsideTerritory(database.db, input.territoryCode, input.lon, input.lat);
  if (judged?.outside) throw fieldError("pointOutsideConfirmed", "point_outside_territory");
}

async function findByKey(db: DbOrTx, userId: string, key: string) {
  const [r] = await db
    .select({ id: incident.id })
    .from(incident)
    .where(and(eq(incident.reporterUserId, userId), eq(incident.idempotencyKey, key)));
  return r;
}

export function readScope(actor: Actor): SQL {
  const parts = incidentReadFilters(actor).map((f) =>
    f.type === "reporter"
      ? eq(incident.reporterBodyId, f.bodyId)
      : or(subtree(incident.territoryPath, f.path), subtree(incident.hqTerritoryPath, f.path))!,
  );
  return parts.length ? or(...parts)! : sql`false`;
}

export async function present(db: DbOrTx, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const bodyIds = [...new Set(rows.flatMap((r) => [r.reporterBodyId, r.hqBodyId]))];
  const codes = [...new Set(rows.map((r) => r.territoryCode))];
  const bodies = await bodiesByIds(db, bodyIds);
  const territories = await territoriesByCodes(db, codes);
  const b = new Map(bodies.map((x) => [x.id, x]));
  const t = new Map(territories.map((x) => [x.code, x]));
  return rows.map((r) =>
    viewOf(
      r,
      namesOf(t.get(r.territoryCode)!),
      { id: r.reporterBodyId, names: namesOf(b.get(r.reporterBodyId)!) },
      { id: r.hqBodyId, names: namesOf(b.get(r.hqBodyId)!) },
    ),
  );
}

type Ref = { id: string; names: Names };

function viewOf(r: IncidentRow, territoryNames: Names, reporterBody: Ref, hq: Ref): IncidentView {
  return {
    id: r.id,
    regNumber: r.regNumber,
    type: r.type as IncidentType,
    status: r.status as IncidentStatus,
    occurredAt: r.occurredAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    territoryCode: r.territoryCode,
    territoryNames,
    offshore: r.offshore,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    description: r.description,
    casualties: r.casualties,
    reporterBody,
    hq,
    ackDeadline: r.ackDeadline.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    closeReason: r.closeReason as CloseReason | null,
    handedOverTo: r.handedOverTo,
    mergedIntoId: r.mergedIntoId,
    campaignId: r.campaignId,
    operationId: r.operationId,
    version: r.version,
    basis: ["R16", "R18"],
  };
}

/** Reports the actor may see, open ones first (received before acknowledged …), newest first. */
export async function listIncidents(database: Database, actor: Actor, q: IncidentListQuery) {
  const conds: SQL[] = [readScope(actor)];
  if (q.status) conds.push(eq(incident.status, q.status));
  if (q.type) conds.push(eq(incident.type, q.type));
  if (q.open === "true") conds.push(sql`${incident.status} not in ('closed', 'handed_over', 'linked')`);
  if (q.campaign === "none") conds.push(sql`${incident.campaignId} is null`);
  else if (q.campaign) conds.push(eq(incident.campaignId, q.campaign));
  if (q.object) {
    // Reports naming an object are listed only to one who may see the object (the list is restricted).
    if (!(await mayFilterByObject(database.db, actor, q.object))) return { items: [], total: 0 };
    conds.push(eq(incident.objectId, q.object));
  }
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    database.db
      .select()
      .from(incident)
      .where(where)
      .orderBy(
        sql`case ${incident.status} when 'received' then 0 when 'acknowledged' then 1 when 'assessing' then 2 else 3 end`,
        desc(incident.receivedAt),
        asc(incident.id),
      )
      .limit(q.limit)
      .offset(q.offset),
    database.db.select({ n: count() }).from(incident).where(where),
  ]);
  return { items: await present(database.db, rows), total: Number(total[0]?.n ?? 0) };
}

export async function readable(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db.select().from(incident).where(eq(incident.id, id));
  if (!row) throw notFound();
  // The police body a report was referred to (Criminal Code art. 273) may open that report too.
  if (!canReadIncident(actor, targetOf(row)) && !(await referredToActor(db, actor, id))) throw notFound();
  return row;
}

export async function getIncident(db: DbOrTx, actor: Actor, id: string): Promise<IncidentDetail> {
  const row = await readable(db, actor, id);
  const [view] = await present(db, [row]);
  const history = await db
    .select()
    .from(incidentEvent)
    .where(eq(incidentEvent.incidentId, id))
    .orderBy(asc(incidentEvent.id));
  const people = await peopleByIds(
    db,
    history.map((h) => h.actorId),
  );
  const triage = canTriageIncident(actor, targetOf(row));
  const merged = await db
    .select()
    .from(incident)
    .where(eq(incident.mergedIntoId, id))
    .orderBy(asc(incident.receivedAt));
  return {
    ...view,
    possibleDuplicates:
      triage && !FINAL_STATUSES.includes(row.status as IncidentStatus)
        ? await possibleDuplicates(db, row)
        : [],
    merged: merged.map((m) => ({
      id: m.id,
      regNumber: m.regNumber,
      type: m.type as IncidentType,
      receivedAt: m.receivedAt.toISOString(),
      status: m.status as IncidentStatus,
      description: m.description,
    })),
    history: history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      actorName: h.actorName,
      actor: (h.actorId && people.get(h.actorId)) || null,
      comment: h.comment,
    })),
    nextActions: triage ? offeredActions(row.status as IncidentStatus) : [],
    object: await namedObject(db, actor, row.objectId),
  };
}

/**
 * Open reports of the same HQ area received close in time with similar descriptions (pg_trgm similarity,
 * or the same type at the same place) — pointed out to the HQ, merged only by a person.
 */

async function possibleDuplicates(db: DbOrTx, row: IncidentRow) {
  const window = `${DUPLICATE_WINDOW_MINUTES} minutes`;
  const sim = sql<number>`similarity(${incident.description}, ${row.description})`;
  const rows = await db
    .select({ r: incident, similarity: sim.mapWith(Number) })
    .from(incident)
    .where(
      and(
        sql`${incident.id} <> ${row.id}`,
        eq(incident.hqTerritoryPath, row.hqTerritoryPath),
        sql`${incident.status} not in ('closed', 'handed_over', 'linked')`,
        sql`${incident.receivedAt} between ${row.receivedAt}::timestamptz - ${window}::interval and ${row.receivedAt}::timestamptz + ${window}::interval`,
        or(
          sql`${sim} >= ${DUPLICATE_MIN_SIMILARITY}`,
          and(eq(incident.type, row.type), eq(incident.territoryCode, row.territoryCode)),
        ),
      ),
    )
    .orderBy(desc(sim))
    .limit(10);
  return rows.map(({ r, similarity }) => ({
    id: r.id,
    regNumber: r.regNumber,
    type: r.type as IncidentType,
    receivedAt: r.receivedAt.toISOString(),
    status: r.status as IncidentStatus,
    similarity: Math.round(similarity * 100) / 100,
  }));
}

/** Linking to an operation waits for operations; until then it is neither offered nor accepted. */
export const offeredActions = (s: IncidentStatus): TriageAction[] =>
  nextActions(s).filter((a) => a !== "link");
