/**
 * Measures per level: a decision that sets a level (declare, raise, lower) gives every
 * active body of a tasked kind in the covered territories its measures from the catalogue in force
 * (threat-measures.catalogue.ts), in-app and by e-mail where configured, to be confirmed as received
 * within 30 minutes, then each measure reported done; the ATC and HQs see "X of Y confirmed" per
 * decision. A later decision that lowers, cancels, lifts or replaces the level closes the open tasks it
 * ends, with the reason. Every step is audited and announced (NOTIFY).
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { BodyKind } from "../../../domain/bodies";
import type { ThreatTask } from "../../../domain/contracts/threat-levels";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import {
  type CloseReason,
  CONFIRM_WITHIN_MINUTES,
  closeReasonFor,
  measuresFor,
  type TaskStatus,
  taskedKinds,
  taskStatus,
} from "../../../domain/threat-level-measures";
import { canReadThreatGrounds } from "../../../domain/threat-level-policy";
import type { ThreatLevel } from "../../../domain/threat-levels";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { publish } from "../../platform/events";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import type { MailConfig } from "../mail";
import { activeBodiesWithin, bodyMap } from "../registry";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { mailNewTasks } from "./threat-levels.mail";
import { type MeasureDone, threatLevelDeclaration, threatLevelTask } from "./threat-levels.tables";
import { measureCatalogue } from "./threat-measures.catalogue";

type Ctx = Required<RequestContext>;
type DeclarationRow = typeof threatLevelDeclaration.$inferSelect;
type TaskRow = typeof threatLevelTask.$inferSelect;

/** Makes the tasks of a decision that sets a level, in its transaction; returns how many. */
export async function createThreatTasks(
  tx: DbOrTx,
  d: DeclarationRow,
  mail: MailConfig | null = null,
): Promise<number> {
  if (!d.level || !["declare", "raise", "lower"].includes(d.action)) return 0;
  const level = d.level as ThreatLevel;
  const catalogue = (await measureCatalogue(tx)).items;
  const bodies = await activeBodiesWithin(tx, d.territoryPaths, taskedKinds(catalogue));
  const dueAt = new Date(d.createdAt.getTime() + CONFIRM_WITHIN_MINUTES * 60_000);
  const rows = bodies
    .map((b) => {
      const measures = measuresFor(level, b.kind as BodyKind, catalogue);
      return {
        declarationId: d.id,
        bodyId: b.id,
        territoryPath: b.territoryPath,
        measures: measures.map((m) => m.key),
        measureNames: Object.fromEntries(measures.flatMap((m) => (m.names ? [[m.key, m.names]] : []))),
        dueAt,
        createdAt: d.createdAt,
      };
    })
    .filter((r) => r.measures.length > 0);
  for (let i = 0; i < rows.length; i += 1000)
    await tx.insert(threatLevelTask).values(rows.slice(i, i + 1000));
  if (mail && rows.length)
    await mailNewTasks(
      tx,
      mail,
      d,
      rows.map((r) => r.bodyId),
    );
  return rows.length;
}

/**
 * Closes the open tasks a change ends (in its transaction): lowering, cancelling and raising end every
 * open task of the chain (a raise or a lower gives new ones at the new level); a partial lift ends the
 * tasks of bodies outside the territories kept; the expiry of the chain's period ends them all.
 * Returns how many were closed.
 */
export async function closeEndedTasks(
  tx: DbOrTx,
  change: DeclarationRow,
  chainIds: readonly string[],
  why: CloseReason | null = closeReasonFor(change.action),
): Promise<number> {
  const reason = why;
  if (!reason || !chainIds.length) return 0;
  const open = await tx
    .select({ id: threatLevelTask.id, territoryPath: threatLevelTask.territoryPath })
    .from(threatLevelTask)
    .where(and(inArray(threatLevelTask.declarationId, [...chainIds]), isNull(threatLevelTask.closedAt)));
  const ended =
    reason === "lifted"
      ? open.filter((t) => !change.territoryPaths.some((p) => isInSubtree(t.territoryPath, p)))
      : open;
  const now = new Date();
  for (let i = 0; i < ended.length; i += 1000)
    await tx
      .update(threatLevelTask)
      .set({ closedAt: now, closedReason: reason, closedByDeclarationId: change.id })
      .where(
        inArray(
          threatLevelTask.id,
          ended.slice(i, i + 1000).map((t) => t.id),
        ),
      );
  return ended.length;
}

/** Acting for a body: any role held in it but the auditor's. */
const actsFor = (actor: Actor, bodyId: string) =>
  actor.grants.some((g) => g.bodyId === bodyId && g.role !== "auditor");

async function present(
  db: DbOrTx,
  actor: Actor,
  rows: readonly TaskRow[],
  decls: Map<string, DeclarationRow>,
  now: number,
) {
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.bodyId);
    if (r.escalatedToBodyId) ids.add(r.escalatedToBodyId);
  }
  const bodies = await bodyMap(db, [...ids]);
  const people = await peopleByIds(
    db,
    rows.flatMap((r) => [r.confirmedBy, ...r.done.map((x) => x.byId)]),
  );
  const none = { kk: "", ru: "", en: "" };
  return rows.map((r): ThreatTask => {
    const b = bodies.get(r.bodyId);
    const d = decls.get(r.declarationId);
    const done = new Map(r.done.map((x) => [x.key, x]));
    const status = taskStatus(factsOfTask(r), now);
    const mine = actsFor(actor, r.bodyId) && r.closedAt === null;
    const esc = r.escalatedToBodyId ? bodies.get(r.escalatedToBodyId) : undefined;
    return {
      id: r.id,
      declarationId: r.declarationId,
      declarationNumber: d?.number ?? "",
      level: (d?.level as ThreatLevel | null) ?? null,
      body: { id: r.bodyId, names: b ? namesOf(b) : none, kind: b?.kind ?? "" },
      measures: r.measures.map((key) => {
        const x = done.get(key);
        return {
          key,
          names: r.measureNames[key] ?? null,
          done: x
            ? { at: x.at, byName: x.byName, by: (x.byId && people.get(x.byId)) || null, note: x.note }
            : null,
        };
      }),
      dueAt: r.dueAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      confirmedByName: r.confirmedByName,
      confirmedBy: (r.confirmedBy && people.get(r.confirmedBy)) || null,
      status,
      closedReason: (r.closedReason as CloseReason | null) ?? null,
      escalatedTo: r.escalatedToBodyId ? { id: r.escalatedToBodyId, names: esc ? namesOf(esc) : none } : null,
      allowedActions: mine
        ? [
            ...(r.confirmedAt === null ? (["confirm"] as const) : []),
            ...(done.size < r.measures.length ? (["report_done"] as const) : []),
          ]
        : [],
    };
  });
}

const factsOfTask = (r: TaskRow) => ({
  dueAt: r.dueAt.getTime(),
  confirmedAt: r.confirmedAt?.getTime() ?? null,
  closedAt: r.closedAt?.getTime() ?? null,
  allDone: r.measures.length > 0 && r.measures.every((k) => r.done.some((x) => x.key === k)),
});

async function declarationsById(db: DbOrTx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, DeclarationRow>();
  const rows = await db
    .select()
    .from(threatLevelDeclaration)
    .where(inArray(threatLevelDeclaration.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A task one acts for, in the transaction; others' tasks answer 403 to those who see the decision, else 404. */
async function ownTask(tx: DbOrTx, actor: Actor, id: string) {
  const [task] = await tx.select().from(threatLevelTask).where(eq(threatLevelTask.id, id));
  if (!task) throw notFound();
  const decls = await declarationsById(tx, [task.declarationId]);
  const d = decls.get(task.declarationId)!;
  if (!actsFor(actor, task.bodyId)) {
    if (canReadThreatGrounds(actor, d.territoryPaths)) throw forbidden();
    throw notFound();
  }
  return { task, d, decls };
}

function taskEvent(d: DeclarationRow, task: TaskRow, at: Date): ThreatLevelEvent {
  return {
    event: "task_confirmed",
    id: d.id,
    action: d.action as ThreatLevelEvent["action"],
    level: (d.level as ThreatLevel | null) ?? null,
    previousLevel: null,
    territoryPaths: [task.territoryPath],
    at: at.toISOString(),
  };
}

/** Confirms receipt for one's body (idempotent: a second confirmation changes nothing). */
export async function confirmThreatTask(database: Database, ctx: Ctx, id: string): Promise<ThreatTask> {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const { task, d, decls } = await ownTask(tx, actor, id);
    let row = task;
    if (!task.confirmedAt) {
      if (task.closedAt) throw new AppError(409, "threat_task_closed", { reason: task.closedReason ?? "" });
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
      await publish(tx, THREAT_LEVEL_CHANNEL, taskEvent(d, task, now));
    }
    const [out] = await present(tx, actor, [row], decls, Date.now());
    return out;
  });
}

/**
 * Reports one measure of one's task done (receipt is confirmed with it if it was not yet). A measure
 * is reported once; reporting it again changes nothing.
 */
export async function reportMeasureDone(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { key: string; note: string },
): Promise<ThreatTask> {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const { task, d, decls } = await ownTask(tx, actor, id);
    if (!task.measures.includes(input.key)) throw fieldError("key", "invalid_value");
    let row = task;
    if (!task.done.some((x) => x.key === input.key)) {
      if (task.closedAt) throw new AppError(409, "threat_task_closed", { reason: task.closedReason ?? "" });
      const now = new Date();
      const entry: MeasureDone = {
        key: input.key,
        at: now.toISOString(),
        byId: ctx.user.id,
        byName: ctx.user.displayName,
        note: input.note,
      };
      [row] = await tx
        .update(threatLevelTask)
        .set({
          done: [...task.done, entry],
          ...(task.confirmedAt
            ? {}
            : { confirmedAt: now, confirmedBy: ctx.user.id, confirmedByName: ctx.user.displayName }),
        })
        .where(eq(threatLevelTask.id, id))
        .returning();
      await writeAudit(tx, ctx, {
        action: "threat_level.measure_done",
        entityType: "threat_level_task",
        entityId: id,
        territoryPath: task.territoryPath,
        after: {
          declarationId: d.id,
          number: d.number,
          bodyId: task.bodyId,
          key: input.key,
          note: input.note,
        },
      });
      await publish(tx, THREAT_LEVEL_CHANNEL, taskEvent(d, task, now));
    }
    const [out] = await present(tx, actor, [row], decls, Date.now());
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
  const statuses = rows.map((r) => taskStatus(factsOfTask(r), now));
  // Who is overdue first, then who has not confirmed yet: what the board is for.
  const rank: Record<TaskStatus, number> = {
    overdue: 0,
    awaiting: 1,
    confirmed_late: 2,
    confirmed: 3,
    done: 4,
    closed: 5,
  };
  const order = rows.map((r, i) => ({ r, s: statuses[i] })).sort((a, b) => rank[a.s] - rank[b.s]);
  return {
    total: rows.length,
    confirmed: rows.filter((r) => r.confirmedAt !== null).length,
    overdue: statuses.filter((s) => s === "overdue").length,
    closed: statuses.filter((s) => s === "closed").length,
    items: await present(
      db,
      actor,
      order.slice(0, limit).map((x) => x.r),
      decls,
      now,
    ),
  };
}

/**
 * The tasks of the bodies the reader acts for, newest first; and, for an HQ, the bodies of its territory
 * that did not confirm in time (escalated to it, still open).
 */
export async function myThreatTasks(db: DbOrTx, actor: Actor, limit = 50) {
  const bodyIds = [...new Set(actor.grants.filter((g) => g.role !== "auditor").map((g) => g.bodyId))];
  if (!bodyIds.length) return { items: [], escalated: [] };
  const [rows, escalated] = await Promise.all([
    db
      .select()
      .from(threatLevelTask)
      .where(inArray(threatLevelTask.bodyId, bodyIds))
      .orderBy(desc(threatLevelTask.createdAt))
      .limit(limit),
    db
      .select()
      .from(threatLevelTask)
      .where(
        and(
          inArray(threatLevelTask.escalatedToBodyId, bodyIds),
          isNull(threatLevelTask.confirmedAt),
          isNull(threatLevelTask.closedAt),
        ),
      )
      .orderBy(desc(threatLevelTask.escalatedAt))
      .limit(limit),
  ]);
  const decls = await declarationsById(
    db,
    [...rows, ...escalated].map((r) => r.declarationId),
  );
  const now = Date.now();
  return {
    items: await present(db, actor, rows, decls, now),
    escalated: await present(db, actor, escalated, decls, now),
  };
}
