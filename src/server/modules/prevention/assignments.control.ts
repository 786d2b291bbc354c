/**
 * The control job of assignments (R5): reminders before the deadline, a notice on the day it passes,
 * escalation to the higher commission's secretariat some days later. One pass at a time across
 * instances (advisory lock); every signal is audited and notified.
 */
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import {
  type AssignmentStatus,
  almatyDate,
  type ControlConfig,
  defaultControlConfig,
  dueSignals,
  higherCommissionPath,
} from "../../../domain/prevention";
import type { Role } from "../../../domain/roles";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { lockForTransaction } from "../../platform/locks";
import { writeAudit } from "../audit";
import type { MailConfig } from "../mail";
import { activeBodiesAt } from "../registry";
import { OPEN } from "./assignments.service";
import { notifyBodies } from "./notifications.service";
import { assignment, assignmentEvent } from "./prevention.tables";

const SECRETARIAT: readonly Role[] = ["commission_secretary", "atc_coordinator"];

/**
 * One pass of control (R5): reminders before the deadline, on the day it passes, escalation to the
 * higher commission's secretariat. Each signal fires once per deadline; serialised by an advisory lock
 * so any number of instances may run it. Returns how many signals were sent. With `mail`, each
 * signal's notification is also queued as e-mail (sent after commit by the mail worker).
 */
export async function runControl(
  database: Database,
  cfg: ControlConfig = defaultControlConfig,
  now: Date = new Date(),
  mail: MailConfig | null = null,
): Promise<number> {
  const horizon = almatyDate(new Date(now.getTime() + cfg.remindDaysBefore * 86_400_000));
  return database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "assignmentControl");
    const due = await tx
      .select()
      .from(assignment)
      .where(
        and(
          inArray(assignment.status, OPEN),
          sql`${assignment.deadline} <= ${horizon}::date`,
          or(
            isNull(assignment.remindedBeforeAt),
            isNull(assignment.remindedDueAt),
            isNull(assignment.escalatedAt),
          ),
        ),
      )
      .orderBy(asc(assignment.deadline))
      .limit(500);
    let sent = 0;
    const ctx = systemContext("control");
    for (const a of due) {
      const signals = dueSignals(
        {
          status: a.status as AssignmentStatus,
          deadline: a.deadline,
          remindedBeforeAt: a.remindedBeforeAt,
          remindedDueAt: a.remindedDueAt,
          escalatedAt: a.escalatedAt,
        },
        now,
        cfg,
      );
      const data = { number: a.number, deadline: a.deadline };
      for (const s of signals) {
        if (s === "deadline_near") {
          await notifyBodies(tx, [a.executorBodyId, ...a.coExecutorIds], s, a.id, data, undefined, mail);
          await tx.update(assignment).set({ remindedBeforeAt: now }).where(eq(assignment.id, a.id));
        } else if (s === "deadline_passed") {
          const told = [a.executorBodyId, ...a.coExecutorIds, a.controllerBodyId];
          await notifyBodies(tx, told, s, a.id, data, undefined, mail);
          await tx.update(assignment).set({ remindedDueAt: now }).where(eq(assignment.id, a.id));
          await tx.insert(assignmentEvent).values({
            assignmentId: a.id,
            at: now,
            action: "overdue",
            fromStatus: a.status,
            toStatus: a.status,
            actorName: "system",
          });
        } else {
          const path = higherCommissionPath(a.territoryPath);
          if (!path) continue;
          const [higher] = await activeBodiesAt(tx, path, path.includes("/") ? ["commission"] : ["atc"]);
          if (!higher) continue;
          await tx
            .update(assignment)
            .set({ escalatedAt: now, escalatedToBodyId: higher.id })
            .where(eq(assignment.id, a.id));
          await notifyBodies(tx, [higher.id], "escalated", a.id, data, SECRETARIAT, mail);
          await tx.insert(assignmentEvent).values({
            assignmentId: a.id,
            at: now,
            action: "escalate",
            fromStatus: a.status,
            toStatus: a.status,
            actorName: "system",
            data: { to: higher.id },
          });
          await writeAudit(tx, ctx, {
            action: "assignment.escalated",
            entityType: "assignment",
            entityId: a.id,
            territoryPath: a.territoryPath,
            after: { to: higher.id, deadline: a.deadline },
          });
        }
        sent++;
      }
    }
    return sent;
  });
}

export function startControlJob(
  database: Database,
  cfg: ControlConfig = defaultControlConfig,
  everyMs = 60_000,
  log: (m: string) => void = () => {},
  mail: MailConfig | null = null,
) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runControl(database, cfg, new Date(), mail);
    } catch (e) {
      log(`assignment control failed: ${errorSummary(e)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
