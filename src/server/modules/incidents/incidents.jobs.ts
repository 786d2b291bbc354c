/**
 * The background work of incidents: unacknowledged reports move up the HQ chain (R18: district →
 * region → republican; marine → republican), and waves of similar reports are grouped into campaigns
 * by the leading instance (waves.ts).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { escalationTarget } from "../../../domain/incidents";
import { pathCodes, type TerritoryType } from "../../../domain/territory";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { publish } from "../../platform/events";
import { Leadership } from "../../platform/leadership";
import { LOCKS, lockForTransaction } from "../../platform/locks";
import { writeAudit } from "../audit";
import { findBody, territoriesByCodes } from "../registry";
import { eventOf, INCIDENT_CHANNEL } from "./incident-events";
import { defaultIncidentsConfig, type IncidentsConfig } from "./incidents.service";
import { incident, incidentEvent } from "./incidents.tables";
import { dropWaveIndex, groupWaves } from "./waves";

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
    await lockForTransaction(tx, "incidentEscalation");
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
      const units = await territoriesByCodes(tx, codes);
      const type = new Map(units.map((u) => [u.code, u.type as TerritoryType]));
      const target = escalationTarget(codes.map((c) => ({ code: c, type: type.get(c) ?? "republic" })));
      if (!target) continue;
      const hq = await findBody(tx, "hq", target);
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
      log(`escalation failed: ${errorSummary(e)}`);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The national picture: reports by region and type within the actor's scope, since a date.
 * Region = the first level under the republic (a region, a city of republican significance, or the sea).
 */
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
      log(`wave grouping failed: ${errorSummary(e)}`);
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
export const WAVE_LEADER_LOCK = LOCKS.waveLeader;
