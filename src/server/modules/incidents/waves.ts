/**
 * Grouping of waves into campaigns, off the intake path: every second one instance
 * (an advisory lock) takes the reports not examined yet, decides for all of them at once in memory
 * (domain/waves.ts — pg_trgm's similarity computed from trigram postings instead of one index query
 * per report) and writes the outcome in one transaction. A wave of thousands of reports is grouped
 * within a second or two instead of falling behind.
 *
 * The index of ungrouped reports lives in the planner (wave-planner.ts) between passes; each pass
 * adds only its new reports. Passes are numbered by a sequence: when another instance ran since
 * this one's last pass, or a pass failed, the index is loaded again from the database. Reports
 * grouped or closed elsewhere may linger in it; every report a plan uses is checked against the
 * database first.
 */

import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { almatyYear } from "../../../domain/prevention";
import { type OpenCampaign, WAVE_WINDOW_MS, type WaveReport } from "../../../domain/waves";
import type { Database } from "../../platform/db";
import { publishMany } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { rowsOf } from "../../platform/sql";
import { eventOf, INCIDENT_CHANNEL } from "./incident-events";
import { incident, incidentCampaign } from "./incidents.tables";
import { dropIndex, hasIndex, loadIndex, planPass, removeFromIndex, replanPass } from "./wave-planner";

const WINDOW_MS = WAVE_WINDOW_MS;
/** Reports examined per pass; ungrouped reports of the window held in memory at most. */
const CANDIDATES = 5000;
const POOL = 50_000;

/** Which index in the planner belongs to a database, and the pass it was last used for. */
type IndexState = { key: number; pass: number };
const states = new WeakMap<Database, IndexState>();
const keys = new WeakMap<Database, number>();
let nextKey = 1;
const keyOf = (database: Database) => {
  let k = keys.get(database);
  if (k === undefined) {
    k = nextKey++;
    keys.set(database, k);
  }
  return k;
};

/** Forget a database's index in the planner (when its jobs stop). */
export async function dropWaveIndex(database: Database): Promise<void> {
  const k = keys.get(database);
  states.delete(database);
  if (k !== undefined) dropIndex(k);
}

/** One pass; returns how many reports it put into campaigns. */
export async function groupWaves(database: Database, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const outcome = await database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "campaigns");
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
    if (!candidates.length) return { state: states.get(database) ?? null, grouped: 0 };
    const [{ pass }] = await rowsOf<{ pass: string }>(
      tx,
      sql`select nextval('incident_wave_pass_seq')::text as pass`,
    );
    const key = keyOf(database);
    let state = states.get(database);
    if (!state || !hasIndex(key) || Number(pass) !== state.pass + 1) {
      const recent: WaveReport[] = await tx
        .select(cols)
        .from(incident)
        .where(open)
        .orderBy(desc(incident.receivedAt))
        .limit(POOL);
      loadIndex(key, recent);
      state = { key, pass: 0 };
    }
    states.delete(database); // put back only after a pass that commits
    state.pass = Number(pass);
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

    // Plan, then make sure every report the plan uses is still ungrouped and open (closed or
    // grouped elsewhere since it was indexed: drop it and plan again).
    let planned = planPass(key, since, candidates, campaigns);
    for (let round = 0; round < 5; round++) {
      const { plan } = planned;
      const used = [...new Set([...plan.joined, ...plan.started].flatMap((p) => p.incidentIds))];
      if (!used.length) break;
      const still = new Set(
        (
          await tx
            .select({ id: incident.id })
            .from(incident)
            .where(and(inArray(incident.id, used), open))
        ).map((r) => r.id),
      );
      const gone = used.filter((id) => !still.has(id));
      if (!gone.length) break;
      planned = replanPass(key, gone, campaigns);
    }
    const { plan, receivedAt } = planned;
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
      const last = new Date(Math.max(...s.incidentIds.map((id) => receivedAt[id] ?? 0)));
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
    if (changed.length)
      removeFromIndex(
        key,
        changed.map((r) => r.id),
      );
    return { state, grouped: changed.length };
  });
  if (outcome.state) states.set(database, outcome.state);
  return outcome.grouped;
}
