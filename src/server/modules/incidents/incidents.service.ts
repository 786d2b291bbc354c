/**
 * Incident reports (R16): filed by any body or organisation, acknowledged only after commit, never
 * doubled (idempotency key per user), routed to the competent operational HQ (R18) and triaged through
 * the state machine of src/domain/incidents.ts with a full history. Every change is audited.
 */
import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type {
  IncidentActionBody,
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
  escalationTarget,
  FINAL_STATUSES,
  type IncidentStatus,
  type IncidentType,
  nextActions,
  type TriageAction,
  transition,
} from "../../../domain/incidents";
import {
  canReadIncident,
  canTriageIncident,
  type IncidentTarget,
  incidentReadFilters,
  reportingGrants,
} from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import { pathCodes, type TerritoryType } from "../../../domain/territory";
import { type RequestContext, systemContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { Leadership } from "../../platform/leadership";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit/audit.service";
import { body, territory } from "../registry/registry.tables";
import { incident, incidentCampaign, incidentEvent } from "./incidents.tables";
import { intakeQueueFor } from "./intake";
import { dropWaveIndex, groupWaves } from "./waves";

export { groupWaves };

type Ctx = Required<RequestContext>;
type IncidentRow = typeof incident.$inferSelect;

export type IncidentsConfig = { ackDeadlineSeconds: number };
export const defaultIncidentsConfig: IncidentsConfig = { ackDeadlineSeconds: DEFAULT_ACK_DEADLINE_SECONDS };

const subtree = (col: typeof incident.territoryPath | typeof incident.hqTerritoryPath, path: string) =>
  sql`(${col} = ${path} or ${col} like ${`${escapeLike(path)}/%`})`;

export const INCIDENT_CHANNEL = "incident";

/** What a board needs to hear of a change (no personal data, no description). */
export type IncidentEvent = IncidentTarget & {
  event: "reported" | "triaged" | "escalated";
  id: string;
  regNumber: string;
  type: string;
  status: string;
  hqBodyId: string;
  campaignId: string | null;
  at: string;
};

export const eventOf = (event: IncidentEvent["event"], r: IncidentRow): IncidentEvent => ({
  event,
  id: r.id,
  regNumber: r.regNumber,
  type: r.type,
  status: r.status,
  territoryPath: r.territoryPath,
  hqTerritoryPath: r.hqTerritoryPath,
  reporterBodyId: r.reporterBodyId,
  hqBodyId: r.hqBodyId,
  campaignId: r.campaignId,
  at: new Date().toISOString(),
});

const targetOf = (r: IncidentRow): IncidentTarget => ({
  territoryPath: r.territoryPath,
  hqTerritoryPath: r.hqTerritoryPath,
  reporterBodyId: r.reporterBodyId,
});

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
  if (!grant) throw new AppError(400, "validation", {}, [{ path: "reportingBodyId", code: "invalid_value" }]);

  // Filed together with every report arriving meanwhile (intake.ts), answered after commit.
  const filed = await intakeQueueFor(database, (r) => eventOf("reported", r), INCIDENT_CHANNEL).submit({
    ctx,
    key,
    input,
    reportingBodyId: grant.bodyId,
    ackDeadlineSeconds: cfg.ackDeadlineSeconds,
  });
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
          comment: event.comment,
        },
      ],
      nextActions: triage ? offeredActions("received") : [],
      possibleDuplicates: [],
      merged: [],
    },
    created: true,
  };
}

async function findByKey(db: DbOrTx, userId: string, key: string) {
  const [r] = await db
    .select({ id: incident.id })
    .from(incident)
    .where(and(eq(incident.reporterUserId, userId), eq(incident.idempotencyKey, key)));
  return r;
}

function readScope(actor: Actor): SQL {
  const parts = incidentReadFilters(actor).map((f) =>
    f.type === "reporter"
      ? eq(incident.reporterBodyId, f.bodyId)
      : or(subtree(incident.territoryPath, f.path), subtree(incident.hqTerritoryPath, f.path))!,
  );
  return parts.length ? or(...parts)! : sql`false`;
}

async function present(db: DbOrTx, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const bodyIds = [...new Set(rows.flatMap((r) => [r.reporterBodyId, r.hqBodyId]))];
  const codes = [...new Set(rows.map((r) => r.territoryCode))];
  const [bodies, territories] = await Promise.all([
    db.select().from(body).where(inArray(body.id, bodyIds)),
    db.select().from(territory).where(inArray(territory.code, codes)),
  ]);
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

async function readable(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db.select().from(incident).where(eq(incident.id, id));
  if (!row || !canReadIncident(actor, targetOf(row))) throw notFound();
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
      comment: h.comment,
    })),
    nextActions: triage ? offeredActions(row.status as IncidentStatus) : [],
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

/**
 * Merge a duplicate into this report: the duplicate is closed ("duplicate", pointing here), keeps all its
 * content and history, and both histories record the merge.
 */
export async function mergeIncident(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { duplicateId: string; version: number; comment: string },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const primary = await readable(tx, actor, id);
    const dup = await readable(tx, actor, input.duplicateId);
    if (!canTriageIncident(actor, targetOf(primary)) || !canTriageIncident(actor, targetOf(dup)))
      throw forbidden();
    if (
      primary.id === dup.id ||
      FINAL_STATUSES.includes(dup.status as IncidentStatus) ||
      FINAL_STATUSES.includes(primary.status as IncidentStatus)
    ) {
      throw new AppError(409, "invalid_transition", { from: dup.status, action: "merge" });
    }
    if (primary.version !== input.version) throw versionConflict();
    const now = new Date();
    const [closed] = await tx
      .update(incident)
      .set({
        status: "closed",
        closeReason: "duplicate",
        mergedIntoId: primary.id,
        version: sql`${incident.version} + 1`,
        updatedAt: now,
      })
      .where(eq(incident.id, dup.id))
      .returning();
    await tx
      .update(incident)
      .set({ version: sql`${incident.version} + 1`, updatedAt: now })
      .where(eq(incident.id, primary.id));
    await tx.insert(incidentEvent).values([
      {
        incidentId: dup.id,
        action: "merge",
        fromStatus: dup.status,
        toStatus: "closed",
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment: input.comment,
        data: { mergedInto: primary.regNumber },
      },
      {
        incidentId: primary.id,
        action: "merge",
        fromStatus: primary.status,
        toStatus: primary.status,
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment: input.comment,
        data: { merged: dup.regNumber },
      },
    ]);
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: dup.id,
      territoryPath: dup.territoryPath,
      before: { status: dup.status },
      after: { status: "closed", closeReason: "duplicate", mergedInto: primary.id },
    });
    await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", closed));
    return getIncident(tx, actor, primary.id);
  });
}

/** Linking to an operation waits for operations (issue #3 §4); until then it is neither offered nor accepted. */
const offeredActions = (s: IncidentStatus): TriageAction[] => nextActions(s).filter((a) => a !== "link");

/** One triage step: allowed by the state machine, by the actor's HQ scope, and on the current version. */
export async function actOnIncident(database: Database, ctx: Ctx, id: string, input: IncidentActionBody) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const row = await readable(tx, actor, id);
    if (!canTriageIncident(actor, targetOf(row))) throw forbidden();
    const from = row.status as IncidentStatus;
    const to = offeredActions(from).includes(input.action) ? transition(from, input.action) : null;
    if (!to) throw new AppError(409, "invalid_transition", { from, action: input.action });
    if (row.version !== input.version) throw versionConflict();
    const now = new Date();
    const patch: Partial<typeof incident.$inferInsert> = { status: to, updatedAt: now };
    if (input.action === "acknowledge") patch.acknowledgedAt = now;
    if (input.action === "close") patch.closeReason = input.reason;
    if (input.action === "hand_over") patch.handedOverTo = input.handedOverTo;
    const [updated] = await tx
      .update(incident)
      .set({ ...patch, version: sql`${incident.version} + 1` })
      .where(and(eq(incident.id, id), eq(incident.version, input.version)))
      .returning();
    if (!updated) throw versionConflict();
    await tx.insert(incidentEvent).values({
      incidentId: id,
      action: input.action,
      fromStatus: from,
      toStatus: to,
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      comment: input.comment,
      data:
        input.reason || input.handedOverTo
          ? { reason: input.reason, handedOverTo: input.handedOverTo }
          : null,
    });
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      before: { status: from, version: row.version },
      after: {
        status: to,
        version: updated.version,
        action: input.action,
        reason: input.reason,
        handedOverTo: input.handedOverTo,
      },
    });
    await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", updated));
    return getIncident(tx, actor, id);
  });
}

const ESCALATION_LOCK = 727003;

/**
 * Reports not acknowledged by their deadline go to the next HQ up (district/city → region → republican;
 * marine → republican) with a new deadline; the lower HQ still sees them (the place is in its area).
 * Every escalation is in the history and the audit log. Instances serialise on an advisory lock.
 */
export async function escalateOverdue(
  database: Database,
  cfg: IncidentsConfig = defaultIncidentsConfig,
  now: Date = new Date(),
): Promise<number> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ESCALATION_LOCK})`);
    const overdue = await tx
      .select()
      .from(incident)
      .where(
        and(
          eq(incident.status, "received"),
          sql`${incident.ackDeadline} < ${now}`,
          sql`${incident.hqTerritoryPath} <> 'KZ'`,
        ),
      )
      .orderBy(asc(incident.ackDeadline))
      .limit(200);
    let moved = 0;
    for (const row of overdue) {
      const codes = pathCodes(row.hqTerritoryPath);
      const units = await tx
        .select({ code: territory.code, type: territory.type })
        .from(territory)
        .where(inArray(territory.code, codes));
      const type = new Map(units.map((u) => [u.code, u.type as TerritoryType]));
      const target = escalationTarget(codes.map((c) => ({ code: c, type: type.get(c) ?? "republic" })));
      if (!target) continue;
      const [hq] = await tx
        .select({ id: body.id, territoryPath: body.territoryPath, nameRu: body.nameRu })
        .from(body)
        .where(and(eq(body.kind, "hq"), eq(body.territoryCode, target), eq(body.active, true)))
        .limit(1);
      if (!hq) continue;
      const [moved_] = await tx
        .update(incident)
        .set({
          hqBodyId: hq.id,
          hqTerritoryPath: hq.territoryPath,
          ackDeadline: new Date(now.getTime() + cfg.ackDeadlineSeconds * 1000),
          version: sql`${incident.version} + 1`,
          updatedAt: now,
        })
        .where(eq(incident.id, row.id))
        .returning();
      // Both HQs hear of it: the old one still covers the place, the new one is now competent.
      await publish(tx, INCIDENT_CHANNEL, eventOf("escalated", moved_));
      await tx.insert(incidentEvent).values({
        incidentId: row.id,
        action: "escalate",
        fromStatus: "received",
        toStatus: "received",
        actorName: "system",
        data: { fromHq: row.hqBodyId, toHq: hq.id },
      });
      await writeAudit(tx, systemContext("escalation"), {
        action: "incident.escalated",
        entityType: "incident",
        entityId: row.id,
        territoryPath: row.territoryPath,
        before: { hqBodyId: row.hqBodyId, ackDeadline: row.ackDeadline.toISOString() },
        after: { hqBodyId: hq.id },
      });
      moved++;
    }
    return moved;
  });
}

/** Runs escalateOverdue every `everyMs`; returns a stop function. */
export function startEscalation(
  database: Database,
  cfg: IncidentsConfig,
  everyMs = 15_000,
  log: (m: string) => void = () => {},
) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const n = await escalateOverdue(database, cfg);
      if (n > 0) log(`escalated ${n} unacknowledged report(s)`);
    } catch (e) {
      log(`escalation failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The national picture (issue #3 §5): reports by region and type within the actor's scope, since a date.
 * Region = the first level under the republic (a region, a city of republican significance, or the sea).
 */
export async function incidentPicture(database: Database, actor: Actor, since: Date) {
  const region = sql<string>`split_part(${incident.territoryPath}, '/', 2)`;
  const rows = await database.db
    .select({
      region,
      type: incident.type,
      total: sql<number>`count(*)`.mapWith(Number),
      open: sql<number>`count(*) filter (where ${incident.status} not in ('closed', 'handed_over', 'linked'))`.mapWith(
        Number,
      ),
    })
    .from(incident)
    .where(and(readScope(actor), sql`${incident.receivedAt} >= ${since.toISOString()}::timestamptz`))
    .groupBy(region, incident.type);
  const codes = [...new Set(rows.map((r) => r.region).filter(Boolean))];
  const names = new Map(
    (codes.length
      ? await database.db.select().from(territory).where(inArray(territory.code, codes))
      : []
    ).map((t) => [t.code, namesOf(t)]),
  );
  const byRegion = new Map<string, { code: string; names: Names; total: number; open: number }>();
  for (const r of rows) {
    const e = byRegion.get(r.region) ?? {
      code: r.region,
      names: names.get(r.region) ?? { kk: r.region, ru: r.region, en: r.region },
      total: 0,
      open: 0,
    };
    e.total += r.total;
    e.open += r.open;
    byRegion.set(r.region, e);
  }
  return {
    since: since.toISOString(),
    regions: [...byRegion.values()].sort((a, b) => b.total - a.total),
    cells: rows.map((r) => ({
      region: r.region,
      type: r.type as IncidentType,
      total: r.total,
      open: r.open,
    })),
  };
}

/* ------------------------------------------------------------------ waves (campaigns) */

/** Runs the background work of incidents (escalation, waves); returns a stop function. */
export function startIncidentJobs(
  database: Database,
  cfg: IncidentsConfig,
  log: (m: string) => void = () => {},
) {
  const stopEscalation = startEscalation(database, cfg, 15_000, log);
  // One instance leads wave grouping, so its index stays in one process (platform/leadership.ts).
  const leadership = new Leadership(database, WAVE_LEADER_LOCK);
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      if (await leadership.lead()) await groupWaves(database);
    } catch (e) {
      log(`wave grouping failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
    }
  }, 1_000);
  timer.unref();
  return () => {
    stopEscalation();
    clearInterval(timer);
    void leadership.close();
    void dropWaveIndex(database).catch(() => {});
  };
}

/** The session lock whose holder leads wave grouping. */
export const WAVE_LEADER_LOCK = 727005;

/** Campaigns (waves, grouped by waves.ts) within the actor's scope, with their counts. */
export async function listCampaigns(database: Database, actor: Actor, status?: "open" | "closed") {
  const scope = readScope(actor);
  const rows = await database.db
    .select({
      c: incidentCampaign,
      total: sql<number>`count(${incident.id})`.mapWith(Number),
      open: sql<number>`count(${incident.id}) filter (where ${incident.status} not in ('closed', 'handed_over', 'linked'))`.mapWith(
        Number,
      ),
      regions: sql<number>`count(distinct split_part(${incident.territoryPath}, '/', 2))`.mapWith(Number),
    })
    .from(incidentCampaign)
    .innerJoin(incident, and(eq(incident.campaignId, incidentCampaign.id), scope))
    .where(status ? eq(incidentCampaign.status, status) : undefined)
    .groupBy(incidentCampaign.id)
    .orderBy(desc(incidentCampaign.lastReportAt))
    .limit(100);
  return { items: rows.map((r) => campaignView(r.c, r.total, r.open, r.regions)) };
}

function campaignView(c: typeof incidentCampaign.$inferSelect, total: number, open: number, regions: number) {
  return {
    id: c.id,
    number: c.number,
    type: c.type as IncidentType,
    signature: c.signature.slice(0, 300),
    status: c.status as "open" | "closed",
    createdAt: c.createdAt.toISOString(),
    lastReportAt: c.lastReportAt.toISOString(),
    closeReason: (c.closeReason as CloseReason | null) ?? null,
    total,
    open,
    regions,
  };
}

export async function getCampaign(db: DbOrTx, actor: Actor, id: string) {
  const [c] = await db.select().from(incidentCampaign).where(eq(incidentCampaign.id, id));
  if (!c) throw notFound();
  const rows = await db
    .select()
    .from(incident)
    .where(and(eq(incident.campaignId, id), readScope(actor)))
    .orderBy(asc(incident.receivedAt));
  if (rows.length === 0) throw notFound();
  const reports = await present(db, rows);
  const open = rows.filter((r) => !FINAL_STATUSES.includes(r.status as IncidentStatus));
  const regions = new Set(rows.map((r) => pathCodes(r.territoryPath)[1]));
  return {
    ...campaignView(c, rows.length, open.length, regions.size),
    reports,
    canClose: c.status === "open" && open.some((r) => canTriageIncident(actor, targetOf(r))),
  };
}

/** Close every open report of the wave that the actor triages, with one reason recorded on each. */
export async function closeCampaign(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { reason: CloseReason; comment: string },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const [c] = await tx.select().from(incidentCampaign).where(eq(incidentCampaign.id, id));
    if (!c) throw notFound();
    const rows = await tx
      .select()
      .from(incident)
      .where(
        and(
          eq(incident.campaignId, id),
          readScope(actor),
          sql`${incident.status} not in ('closed', 'handed_over', 'linked')`,
        ),
      );
    const mine = rows.filter((r) => canTriageIncident(actor, targetOf(r)));
    if (mine.length === 0) throw forbidden();
    const now = new Date();
    const comment = input.comment || c.number;
    for (const r of mine) {
      const [updated] = await tx
        .update(incident)
        .set({
          status: "closed",
          closeReason: input.reason,
          version: sql`${incident.version} + 1`,
          updatedAt: now,
        })
        .where(eq(incident.id, r.id))
        .returning();
      await tx.insert(incidentEvent).values({
        incidentId: r.id,
        action: "close",
        fromStatus: r.status,
        toStatus: "closed",
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment,
        data: { reason: input.reason, campaign: c.number },
      });
      await writeAudit(tx, ctx, {
        action: "incident.triaged",
        entityType: "incident",
        entityId: r.id,
        territoryPath: r.territoryPath,
        before: { status: r.status },
        after: { status: "closed", closeReason: input.reason, campaign: c.number },
      });
      await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", updated));
    }
    const [{ left }] = await tx
      .select({ left: count() })
      .from(incident)
      .where(
        and(eq(incident.campaignId, id), sql`${incident.status} not in ('closed', 'handed_over', 'linked')`),
      );
    if (Number(left) === 0) {
      await tx
        .update(incidentCampaign)
        .set({ status: "closed", closedAt: now, closeReason: input.reason, closedBy: ctx.user.username })
        .where(eq(incidentCampaign.id, id));
    }
    return { closed: mine.length, remaining: Number(left), campaign: await getCampaign(tx, actor, id) };
  });
}
