/**
 * The consequences' control job (R21): live tasks past their deadline escalate once to the activating
 * HQ or commission (an in-app notice, the audit log, a board event); a plan whose review date comes
 * within the set days reminds its commission once per review date. Any instance may run it: each pass
 * holds the consequences' advisory lock.
 */
import { and, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { addDays, almatyDate } from "../../../domain/prevention";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { publish } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { writeAudit } from "../audit";
import { notifyBodyUsers } from "../prevention";
import { CONSEQUENCES_CHANNEL, type ConsequenceEvent } from "./consequence-events";
import { activation, liveTask, plan } from "./consequences.tables";
import { type ConsequencesConfig, defaultConsequencesConfig } from "./forces.service";

/** One pass at `now`: returns how many tasks escalated and plans reminded. */
export async function runConsequencesControl(
  database: Database,
  now = new Date(),
  cfg: ConsequencesConfig = defaultConsequencesConfig,
): Promise<{ escalated: number; reminded: number }> {
  return database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "consequences");
    const ctx = systemContext("consequences-job");
    const due = await tx
      .select({ t: liveTask, a: activation })
      .from(liveTask)
      .innerJoin(activation, eq(activation.id, liveTask.activationId))
      .where(
        and(
          ne(liveTask.status, "done"),
          isNull(liveTask.escalatedAt),
          lte(liveTask.deadline, now),
          eq(activation.status, "active"),
        ),
      )
      .limit(2000);
    if (due.length) {
      await tx
        .update(liveTask)
        .set({ escalatedAt: now })
        .where(
          inArray(
            liveTask.id,
            due.map((d) => d.t.id),
          ),
        );
    }
    for (const { t, a } of due) {
      await notifyBodyUsers(
        tx,
        [a.activatorBodyId],
        "consequence_task_overdue",
        { type: "consequence_activation", id: a.id },
        { number: a.number, deadline: t.deadline.toISOString() },
      );
      await writeAudit(tx, ctx, {
        action: "consequences.task_escalated",
        entityType: "consequence_task",
        entityId: t.id,
        territoryPath: a.territoryPath,
        after: { activationId: a.id, bodyId: t.bodyId, status: t.status, deadline: t.deadline.toISOString() },
      });
      const e: ConsequenceEvent = {
        event: "escalated",
        activationId: a.id,
        taskId: t.id,
        territoryPath: a.territoryPath,
        activatorBodyId: a.activatorBodyId,
        bodyIds: [t.bodyId],
        at: now.toISOString(),
      };
      await publish(tx, CONSEQUENCES_CHANNEL, e);
    }
    const horizon = addDays(almatyDate(now), cfg.reviewRemindDays);
    const plans = await tx
      .select()
      .from(plan)
      .where(
        and(
          ne(plan.status, "archived"),
          lte(plan.reviewDate, horizon),
          or(isNull(plan.reviewNotifiedFor), sql`${plan.reviewNotifiedFor} <> ${plan.reviewDate}`),
        ),
      )
      .limit(1000);
    for (const p of plans) {
      await tx.update(plan).set({ reviewNotifiedFor: p.reviewDate }).where(eq(plan.id, p.id));
      await notifyBodyUsers(
        tx,
        [p.ownerBodyId],
        "consequence_plan_review",
        { type: "consequence_plan", id: p.id },
        { number: p.title, deadline: p.reviewDate ?? "" },
        ["commission_secretary", "atc_coordinator", "administrator"],
      );
      await writeAudit(tx, ctx, {
        action: "consequences.plan_review_due",
        entityType: "consequence_plan",
        entityId: p.id,
        territoryPath: p.territoryPath,
        after: { reviewDate: p.reviewDate },
      });
    }
    return { escalated: due.length, reminded: plans.length };
  });
}

/** Runs the pass every `everyMs` on this instance; returns a stop function. */
export function startConsequencesJobs(
  database: Database,
  cfg: ConsequencesConfig = defaultConsequencesConfig,
  everyMs = 30_000,
  log: (m: string) => void = () => {},
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await runConsequencesControl(database, new Date(), cfg);
    } catch (e) {
      log(`consequences control failed: ${errorSummary(e)}`);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
