/**
 * Starts and expiries happen by themselves (Decree No. 611: a level is set for a stated period): a job
 * that every instance runs and that does its work once across them — each pass under the threat-level
 * advisory lock, each transition recorded once (primary key), audited and announced (NOTIFY), so the
 * public snapshot and open pages hear of it.
 */
import { inArray } from "drizzle-orm";
import { dueTransitions } from "../../../domain/threat-levels";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { publish } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { writeAudit } from "../audit";
import type { MailConfig } from "../mail";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { escalateUnconfirmedTasks } from "./threat-levels.escalation";
import { allDeclarations, chainOf, factsOf } from "./threat-levels.service";
import { threatLevelTransition } from "./threat-levels.tables";
import { closeEndedTasks } from "./threat-levels.tasks";

/** Records the transitions due at `now`; returns how many. */
export async function recordThreatLevelTransitions(database: Database, now = new Date()): Promise<number> {
  return database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "threatLevels");
    const rows = await allDeclarations(tx);
    const open = rows.filter((r) => r.action !== "cancel");
    if (!open.length) return 0;
    const recorded = await tx
      .select({ id: threatLevelTransition.declarationId, kind: threatLevelTransition.kind })
      .from(threatLevelTransition)
      .where(
        inArray(
          threatLevelTransition.declarationId,
          open.map((r) => r.id),
        ),
      );
    const due = dueTransitions(
      rows.map(factsOf),
      now.getTime(),
      new Set(recorded.map((r) => `${r.id}:${r.kind}`)),
    );
    if (!due.length) return 0;
    const byId = new Map(rows.map((r) => [r.id, r]));
    await tx
      .insert(threatLevelTransition)
      .values(due.map((t) => ({ declarationId: t.id, kind: t.kind, at: now })))
      .onConflictDoNothing();
    const ctx = systemContext("threat-level-job");
    for (const t of due) {
      const r = byId.get(t.id)!;
      // An expired level's measures end with it (Decree No. 611: a level is set for a stated period).
      const closedTasks =
        t.kind === "expired" ? await closeEndedTasks(tx, r, chainOf(rows, r.id), "expired") : 0;
      await writeAudit(tx, ctx, {
        action: t.kind === "expired" ? "threat_level.expired" : "threat_level.started",
        entityType: "threat_level_declaration",
        entityId: r.id,
        territoryPath: r.territoryPaths.length === 1 ? r.territoryPaths[0] : "KZ",
        after: {
          number: r.number,
          level: r.level,
          territories: r.territories,
          at: (t.kind === "expired" ? r.endsAt! : r.startsAt).toISOString(),
          ...(t.kind === "expired" ? { closedTasks } : {}),
        },
      });
      const event: ThreatLevelEvent = {
        event: t.kind,
        id: r.id,
        action: r.action as ThreatLevelEvent["action"],
        level: (r.level as ThreatLevelEvent["level"]) ?? null,
        previousLevel: null,
        territoryPaths: r.territoryPaths,
        at: now.toISOString(),
      };
      await publish(tx, THREAT_LEVEL_CHANNEL, event);
    }
    return due.length;
  });
}

/** Runs the jobs (starts and expiries; unconfirmed tasks to the HQs) every `everyMs`; returns a stop function. */
export function startThreatLevelJobs(
  database: Database,
  everyMs = 10_000,
  log: (m: string) => void = () => {},
  mail: MailConfig | null = null,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await recordThreatLevelTransitions(database);
      while ((await escalateUnconfirmedTasks(database, new Date(), mail)) === 500);
    } catch (e) {
      log(`threat-level jobs failed: ${errorSummary(e)}`);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
