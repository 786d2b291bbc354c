/**
 * Campaigns: waves of similar reports (mass false threats, R16) grouped by waves.ts, read within the
 * reader's scope and closed in one action with the reason on every report.
 */
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import {
  type CloseReason,
  FINAL_STATUSES,
  type IncidentStatus,
  type IncidentType,
} from "../../../domain/incidents";
import { canTriageIncident } from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import { pathCodes } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { forbidden, notFound } from "../../platform/errors";
import { publish } from "../../platform/events";
import { writeAudit } from "../audit";
import { eventOf, INCIDENT_CHANNEL, targetOf } from "./incident-events";
import { present, readScope } from "./incidents.service";
import { incident, incidentCampaign, incidentEvent } from "./incidents.tables";

type Ctx = Required<RequestContext>;

/**
 * What a reader sees of a campaign is computed from the reports it may read only: counts, regions,
 * the last report's time, the start (not before the wave was grouped) and the text shown — the
 * reader's first report's, since the campaign's signature is the description of a report that may
 * be another territory's. The campaign's number, type, status and close reason are its own.
 */
type Seen = { total: number; open: number; regions: number; first: Date; last: Date; text: string };

/** Campaigns (waves, grouped by waves.ts) within the actor's scope, with their counts. */
export async function listCampaigns(database: Database, actor: Actor, status?: "open" | "closed") {
  const scope = readScope(actor);
  const lastSeen = sql<Date>`max(${incident.receivedAt})`;
  const rows = await database.db
    .select({
      c: incidentCampaign,
      total: sql<number>`count(${incident.id})`.mapWith(Number),
      open: sql<number>`count(${incident.id}) filter (where ${incident.status} not in ('closed', 'handed_over', 'linked'))`.mapWith(
        Number,
      ),
      regions: sql<number>`count(distinct split_part(${incident.territoryPath}, '/', 2))`.mapWith(Number),
      first: sql<Date>`min(${incident.receivedAt})`.mapWith(incident.receivedAt),
      last: lastSeen.mapWith(incident.receivedAt),
      text: sql<string>`(array_agg(${incident.description} order by ${incident.receivedAt}, ${incident.id}))[1]`,
    })
    .from(incidentCampaign)
    .innerJoin(incident, and(eq(incident.campaignId, incidentCampaign.id), scope))
    .where(status ? eq(incidentCampaign.status, status) : undefined)
    .groupBy(incidentCampaign.id)
    .orderBy(desc(lastSeen))
    .limit(100);
  return { items: rows.map((r) => campaignView(r.c, r)) };
}

function campaignView(c: typeof incidentCampaign.$inferSelect, seen: Seen) {
  return {
    id: c.id,
    number: c.number,
    type: c.type as IncidentType,
    signature: seen.text.slice(0, 300),
    status: c.status as "open" | "closed",
    createdAt: new Date(Math.max(seen.first.getTime(), c.createdAt.getTime())).toISOString(),
    lastReportAt: seen.last.toISOString(),
    closeReason: (c.closeReason as CloseReason | null) ?? null,
    total: seen.total,
    open: seen.open,
    regions: seen.regions,
  };
}

export async function getCampaign(db: DbOrTx, actor: Actor, id: string) {
  const [c] = await db.select().from(incidentCampaign).where(eq(incidentCampaign.id, id));
  if (!c) throw notFound();
  const rows = await db
    .select()
    .from(incident)
    .where(and(eq(incident.campaignId, id), readScope(actor)))
    .orderBy(asc(incident.receivedAt), asc(incident.id));
  if (rows.length === 0) throw notFound();
  const reports = await present(db, rows);
  const open = rows.filter((r) => !FINAL_STATUSES.includes(r.status as IncidentStatus));
  const regions = new Set(rows.map((r) => pathCodes(r.territoryPath)[1]));
  const seen: Seen = {
    total: rows.length,
    open: open.length,
    regions: regions.size,
    first: rows[0].receivedAt,
    last: rows[rows.length - 1].receivedAt,
    text: rows[0].description,
  };
  return {
    ...campaignView(c, seen),
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
