/**
 * Measures per level: a decision that sets a level (declare, raise, lower) gives every
 * active body of a tasked kind in the covered territories its measures from the catalogue
 * (domain/threat-level-measures.ts), to be confirmed as received within 30 minutes; the ATC and HQs
 * see "X of Y confirmed" per decision. Confirmations are audited and announced (NOTIFY).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { BodyKind } from "../../../domain/bodies";
import type { ThreatTask } from "../../../domain/contracts/threat-levels";
import type { Actor } from "../../../domain/roles";
import {
  CONFIRM_WITHIN_MINUTES,
  measuresFor,
  TASKED_KINDS,
  type TaskStatus,
  taskStatus,
} from "../../../domain/threat-level-measures";
import { canReadThreatGrounds } from "../../../domain/threat-level-policy";
import type { ThreatLevel } from "../../../domain/threat-levels";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { forbidden, notFound } from "../../platform/errors";
import { publish } from "../../platform/events";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { activeBodiesWithin, bodyMap } from "../registry";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { threatLevelDeclaration, threatLevelTask } from "./threat-levels.tables";

type Ctx = Required<RequestContext>;
type DeclarationRow = typeof threatLevelDeclaration.$inferSelect;
type TaskRow = typeof threatLevelTask.$inferSelect;

/** Makes the tasks of a decision that sets a level, in its transaction; returns how many. */
export async function createThreatTasks(tx: DbOrTx, d: DeclarationRow): Promise<number> {
  if (!d.level || !["declare", "raise", "lower"].includes(d.action)) return 0;
  const level = d.level as ThreatLevel;
  const bodies = await activeBodiesWithin(tx, d.territoryPaths, TASKED_KINDS);
  const dueAt = new Date(d.createdAt.getTime() + CONFIRM_WITHIN_MINUTES * 60_000);
  const rows = bodies
    .map((b) => ({
      declarationId: d.id,
      bodyId: b.id,
      territoryPath: b.territoryPath,
      measures: measuresFor(level, b.kind as BodyKind).map((m) => m.key),
      dueAt,
      createdAt: d.createdAt,
    }))
    .filter((r) => r.measures.length > 0);
  for (let i = 0; i < rows.length; i += 1000)
    await tx.insert(threatLevelTask).values(rows.slice(i, i + 1000));
  return rows.length;
}

/** Acting for a body: any role held in it but the auditor's. */
const actsFor = (actor: Actor, bodyId: string) =>
  actor.grants.some((g) => g.bodyId === bodyId && g.role !== "auditor");

async function present(
  db: DbOrTx,
  rows: readonly TaskRow[],
  decls: Map<string, DeclarationRow>,
  now: number,
) {
  const bodies = await bodyMap(db, [...new Set(rows.map((r) => r.bodyId))]);
  return rows.map((r): ThreatTask => {
    const b = bodies.get(r.bodyId);
    const d = decls.get(r.declarationId);
    return {
      id: r.id,
      declarationId: r.declarationId,
      declarationNumber: d?.number ?? "",
      level: (d?.level as ThreatLevel | null) ?? null,
      body: { id: r.bodyId, names: b ? namesOf(b) : { kk: "", ru: "", en: "" }, kind: b?.kind ?? "" },
      measures: r.measures,
      dueAt: r.dueAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      confirmedByName: r.confirmedByName,
      status: taskStatus({ dueAt: r.dueAt.getTime(), confirmedAt: r.confirmedAt?.getTime() ?? null }, now),
    };
  });
}

async function declarationsById(db: DbOrTx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, DeclarationRow>();
  const rows = await db
    .select()
    .from(threatLevelDeclaration)
    .where(inArray(threatLevelDeclaration.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Confirms receipt for one's body (idempotent: a second confirmation changes nothing). */
export async function confirmThreatTask(database: Database, ctx: Ctx, id: string): Promise<ThreatTask> {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const [task] = await tx.select().from(threatLevelTask).where(eq(threatLevelTask.id, id));
    if (!task) throw notFound();
    const decls = await declarationsById(tx, [task.declarationId]);
    const d = decls.get(task.declarationId)!;
    if (!actsFor(actor, task.bodyId)) {
      if (canReadThreatGrounds(actor, d.territoryPaths)) throw forbidden();
      throw notFound();
    }
    let row = task;
    if (!task.confirmedAt) {
      const now = new Date();
      [row] = await tx
        .update(threatLevelTask)
        .set({ confirmedAt: now, confirmedBy: ctx.user.id, confirmedByName: ctx.user.displayName })
        .where(eq(threatLevelTask.id, id))
        .returning();
      await writeAudit(tx, ctx, {
        action: "threat_level.task_confirmed",
        entityType: "threat_level_task",
        entityId: id,
        territoryPath: task.territoryPath,
        after: { declarationId: d.id, number: d.number, bodyId: task.bodyId, onTime: now <= task.dueAt },
      });
      const event: ThreatLevelEvent = {
        event: "task_confirmed",
        id: d.id,
        action: d.action as ThreatLevelEvent["action"],
        level: (d.level as ThreatLevel | null) ?? null,
        previousLevel: null,
        territoryPaths: [task.territoryPath],
        at: now.toISOString(),
      };
      await publish(tx, THREAT_LEVEL_CHANNEL, event);
    }
    const [out] = await present(tx, [row], decls, Date.now());
    return out;
  });
}

/** "X of Y confirmed" for a decision: for those who may read its grounds (the ATC, HQs, auditors). */
export async function threatTaskBoard(db: DbOrTx, actor: Actor, declarationId: string, limit = 500) {
  const decls = await declarationsById(db, [declarationId]);
  const d = decls.get(declarationId);
  if (!d || !canReadThreatGrounds(actor, d.territoryPaths)) throw notFound();
  const rows = await db
    .select()
    .from(threatLevelTask)
    .where(eq(threatLevelTask.declarationId, declarationId))
    .orderBy(threatLevelTask.territoryPath);
  const now = Date.now();
  const statuses = rows.map((r) =>
    taskStatus({ dueAt: r.dueAt.getTime(), confirmedAt: r.confirmedAt?.getTime() ?? null }, now),
  );
  // Who is overdue first, then who has not confirmed yet: what the board is for.
  const rank: Record<TaskStatus, number> = { overdue: 0, awaiting: 1, confirmed_late: 2, confirmed: 3 };
  const order = rows.map((r, i) => ({ r, s: statuses[i] })).sort((a, b) => rank[a.s] - rank[b.s]);
  return {
    total: rows.length,
    confirmed: statuses.filter((s) => s === "confirmed" || s === "confirmed_late").length,
    overdue: statuses.filter((s) => s === "overdue").length,
    items: await present(
      db,
      order.slice(0, limit).map((x) => x.r),
      decls,
      now,
    ),
  };
}

/** The tasks of the bodies the reader acts for, newest first. */
export async function myThreatTasks(db: DbOrTx, actor: Actor, limit = 50) {
  const bodyIds = [...new Set(actor.grants.filter((g) => g.role !== "auditor").map((g) => g.bodyId))];
  if (!bodyIds.length) return { items: [] };
  const rows = await db
    .select()
    .from(threatLevelTask)
    .where(and(inArray(threatLevelTask.bodyId, bodyIds)))
    .orderBy(desc(threatLevelTask.createdAt))
    .limit(limit);
  const decls = await declarationsById(
    db,
    rows.map((r) => r.declarationId),
  );
  return { items: await present(db, rows, decls, Date.now()) };
}
