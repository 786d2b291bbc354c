/**
 * Grouping of waves into campaigns (issue #3 §3), off the intake path: every second one instance
 * (an advisory lock) takes the reports not examined yet, decides for all of them at once in memory
 * (domain/waves.ts — the same rule as before, with pg_trgm's similarity computed from trigram
 * postings instead of one index query per report) and writes the outcome in one transaction.
 * A wave of thousands of reports is grouped within a second or two instead of falling behind.
 */
import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { CAMPAIGN_WINDOW_HOURS } from "../../../domain/incidents";
import { type OpenCampaign, planWaves, type WaveReport } from "../../../domain/waves";
import type { Database } from "../../platform/db";
import { publishMany } from "../../platform/events";
import { eventOf, INCIDENT_CHANNEL } from "./incidents.service";
import { incident, incidentCampaign } from "./incidents.tables";

const CAMPAIGN_LOCK = 727004;
const WINDOW_MS = CAMPAIGN_WINDOW_HOURS * 3_600_000;
/** Reports examined per pass, and the most recent ungrouped reports compared with them. */
const CANDIDATES = 5000;
const POOL = 20_000;

const almatyYear = (d: Date) =>
  new Intl.DateTimeFormat("en", { timeZone: "Asia/Almaty", year: "numeric" }).format(d);

/** One pass; returns how many reports it put into campaigns. */
export async function groupWaves(database: Database, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CAMPAIGN_LOCK})`);
    const cols = {
      id: incident.id,
      type: incident.type,
      description: incident.description,
      receivedAt: incident.receivedAt,
    };
    const open = and(
      sql`${incident.campaignId} is null`,
      gte(incident.receivedAt, since),
      sql`${incident.status} not in ('closed', 'handed_over', 'linked')`,
    );
    const candidates: WaveReport[] = await tx
      .select(cols)
      .from(incident)
      .where(and(open, sql`${incident.id} not in (select incident_id from incident_wave_checked)`))
      .orderBy(asc(incident.receivedAt))
      .limit(CANDIDATES);
    if (!candidates.length) return 0;
    const recent: WaveReport[] = await tx
      .select(cols)
      .from(incident)
      .where(open)
      .orderBy(desc(incident.receivedAt))
      .limit(POOL);
    const seen = new Set(recent.map((r) => r.id));
    const pool = [...recent, ...candidates.filter((c) => !seen.has(c.id))];
    const campaigns: OpenCampaign[] = await tx
      .select({
        id: incidentCampaign.id,
        type: incidentCampaign.type,
        signature: incidentCampaign.signature,
        lastReportAt: incidentCampaign.lastReportAt,
      })
      .from(incidentCampaign)
      .where(
        and(
          eq(incidentCampaign.status, "open"),
          gte(incidentCampaign.lastReportAt, new Date(since.getTime() - WINDOW_MS)),
        ),
      );

    const plan = planWaves(candidates, pool, campaigns);
    const receivedAt = new Map(pool.map((r) => [r.id, r.receivedAt]));
    const assign = async (campaignId: string, ids: string[]) =>
      tx
        .update(incident)
        .set({ campaignId })
        .where(and(inArray(incident.id, ids), sql`${incident.campaignId} is null`))
        .returning();
    const changed: (typeof incident.$inferSelect)[] = [];
    for (const j of plan.joined) {
      changed.push(...(await assign(j.campaignId, j.incidentIds)));
      await tx
        .update(incidentCampaign)
        .set({
          lastReportAt: sql`greatest(${incidentCampaign.lastReportAt}, ${j.lastReportAt.toISOString()}::timestamptz)`,
        })
        .where(eq(incidentCampaign.id, j.campaignId));
    }
    const nextNumber = new Map<string, number>();
    for (const s of plan.started) {
      const year = almatyYear(s.first.receivedAt);
      if (!nextNumber.has(year)) {
        const [{ n }] = await tx
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(incidentCampaign)
          .where(sql`${incidentCampaign.number} like ${`W-${year}-%`}`);
        nextNumber.set(year, n + 1);
      }
      const number = nextNumber.get(year)!;
      nextNumber.set(year, number + 1);
      const last = new Date(Math.max(...s.incidentIds.map((id) => receivedAt.get(id)?.getTime() ?? 0)));
      const [created] = await tx
        .insert(incidentCampaign)
        .values({
          number: `W-${year}-${String(number).padStart(4, "0")}`,
          type: s.first.type,
          signature: s.first.description,
          createdAt: s.first.receivedAt,
          lastReportAt: last,
        })
        .returning({ id: incidentCampaign.id });
      changed.push(...(await assign(created.id, s.incidentIds)));
    }
    await tx.execute(
      sql`insert into incident_wave_checked (incident_id) select unnest(${`{${candidates.map((c) => c.id).join(",")}}`}::uuid[]) on conflict do nothing`,
    );
    // Boards update their campaign cards (and drop the reports into them) live.
    await publishMany(
      tx,
      INCIDENT_CHANNEL,
      changed.map((r) => eventOf("triaged", r)),
    );
    return changed.length;
  });
}
