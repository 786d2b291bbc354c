/**
 * Bodies that did not confirm receipt of their measures in time are reported to the operational HQ of
 * their territory (R18: the HQ organises the response in its territory; Decree No. 611: every body acts
 * on the level): once per task, by the job every instance runs (under the threat-level lock, so once
 * across instances). The HQ sees them on its threat-level page and, where mail is configured, by e-mail.
 */
import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import { pathCodes } from "../../../domain/territory";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { publish } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import type { MailConfig } from "../mail";
import { bodyMap, hqsAt } from "../registry";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { mailEscalation } from "./threat-levels.mail";
import { threatLevelDeclaration, threatLevelTask } from "./threat-levels.tables";

/** Escalates the overdue unconfirmed open tasks not yet escalated; returns how many. */
export async function escalateUnconfirmedTasks(
  database: Database,
  now = new Date(),
  mail: MailConfig | null = null,
  batch = 500,
): Promise<number> {
  return database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "threatLevels");
    const due = await tx
      .select()
      .from(threatLevelTask)
      .where(
        and(
          isNull(threatLevelTask.confirmedAt),
          isNull(threatLevelTask.closedAt),
          isNull(threatLevelTask.escalatedAt),
          lt(threatLevelTask.dueAt, now),
        ),
      )
      .limit(batch);
    if (!due.length) return 0;
    const codes = [...new Set(due.flatMap((t) => pathCodes(t.territoryPath)))];
    const hqs = (await hqsAt(tx, codes)).filter((h) => h.active);
    const depth = (p: string) => p.split("/").length;
    const decls = new Map(
      (
        await tx
          .select()
          .from(threatLevelDeclaration)
          .where(inArray(threatLevelDeclaration.id, [...new Set(due.map((t) => t.declarationId))]))
      ).map((d) => [d.id, d]),
    );
    const bodies = await bodyMap(tx, [...new Set(due.map((t) => t.bodyId))]);
    const ctx = systemContext("threat-level-escalation");
    let n = 0;
    const told = new Set<string>();
    for (const task of due) {
      // The deepest HQ whose territory holds the body's, other than the body itself.
      const hq = hqs
        .filter((h) => h.id !== task.bodyId && `${task.territoryPath}/`.startsWith(`${h.territoryPath}/`))
        .sort((a, b) => depth(b.territoryPath) - depth(a.territoryPath))[0];
      await tx
        .update(threatLevelTask)
        .set({ escalatedAt: now, escalatedToBodyId: hq?.id ?? null })
        .where(eq(threatLevelTask.id, task.id));
      const d = decls.get(task.declarationId)!;
      await writeAudit(tx, ctx, {
        action: "threat_level.task_escalated",
        entityType: "threat_level_task",
        entityId: task.id,
        territoryPath: task.territoryPath,
        after: { declarationId: d.id, number: d.number, bodyId: task.bodyId, hqId: hq?.id ?? null },
      });
      if (hq) told.add(hq.territoryPath);
      if (hq && mail) {
        const b = bodies.get(task.bodyId);
        await mailEscalation(tx, mail, d, task.dueAt, hq.id, (l) => (b ? namesOf(b)[l] || b.nameRu : ""));
      }
      n++;
    }
    const event: ThreatLevelEvent = {
      event: "task_escalated",
      id: due[0].declarationId,
      action: "declare",
      level: null,
      previousLevel: null,
      // The HQs told (a NOTIFY payload is small: beyond 50 territories, the republic).
      territoryPaths: told.size && told.size <= 50 ? [...told] : ["KZ"],
      at: now.toISOString(),
    };
    await publish(tx, THREAT_LEVEL_CHANNEL, event);
    return n;
  });
}
