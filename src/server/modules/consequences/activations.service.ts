/**
 * Activation and the live task board (R21): an operational HQ (from an operation or a report) or the
 * commission activates one or more plans; each plan task becomes a live task for its body or force
 * with a deadline of the activation time plus its norm. Bodies see their tasks at once (NOTIFY → SSE)
 * and move them through the state machine (domain/consequences.ts); tasks are added on the spot;
 * forces and means are requested with the operation forces' states (domain/operations.ts).
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  type ActivationStatus,
  type ActivityType,
  isTaskOverdue,
  type MainTask,
  mainTasks,
  nextTaskStatus,
  type TaskStatus,
  taskActionsFrom,
  taskDeadline,
  taskStatuses,
} from "../../../domain/consequences";
import type {
  ActivateBody,
  ActivationBoard,
  ActivationSummary,
  AddTaskBody,
  LiveTask,
  TaskActionBody,
} from "../../../domain/contracts/consequences";
import { type ForceStatus, nextForceStatuses } from "../../../domain/operations";
import {
  type ActivationTarget,
  activationGrant,
  actsForBody,
  canCommandActivation,
  canReadActivation,
  forceSides,
} from "../../../domain/policy";
import { almatyYear } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { namesOf } from "../../platform/sql";
import { personCountsFor } from "../affected-people";
import { writeAudit } from "../audit";
import { readableIncident } from "../incidents";
import { commitmentOf, readableOperation } from "../operations";
import { bodiesByIds, bodyMap, territoriesByCodes } from "../registry";
import { CONSEQUENCES_CHANNEL, type ConsequenceEvent } from "./consequence-events";
import { activation, liveTask, resourceRequest, taskEvent } from "./consequences.tables";
import { readablePlan, tasksOf } from "./plans.service";
import { NO_NAMES, refOf } from "./shared";

type Ctx = Required<RequestContext>;
type ActivationRow = typeof activation.$inferSelect;
type TaskRow = typeof liveTask.$inferSelect;
type RequestRow = typeof resourceRequest.$inferSelect;

const targetOf = (a: ActivationRow): ActivationTarget => ({
  activatorBodyId: a.activatorBodyId,
  territoryPath: a.territoryPath,
});

/** The body ids the actor acts for (any role but the auditor's). */
export const ownBodyIds = (actor: Actor) => [
  ...new Set(actor.grants.filter((g) => g.role !== "auditor").map((g) => g.bodyId)),
];

function eventOf(
  a: ActivationRow,
  event: ConsequenceEvent["event"],
  bodyIds: string[],
  taskId?: string,
): ConsequenceEvent {
  return {
    event,
    activationId: a.id,
    ...(taskId ? { taskId } : {}),
    territoryPath: a.territoryPath,
    activatorBodyId: a.activatorBodyId,
    bodyIds: [...new Set(bodyIds)],
    at: new Date().toISOString(),
  };
}

/** The deepest path all of these lie in. */
function commonPath(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("/"));
  const out: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.join("/") || "KZ";
}

async function nextNumber(tx: DbOrTx, at: Date) {
  const year = almatyYear(at);
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(activation)
    .where(sql`${activation.number} like ${`${year}-%`}`);
  return `${year}-${String(Number(n) + 1).padStart(4, "0")}`;
}

export async function activatePlans(database: Database, ctx: Ctx, input: ActivateBody) {
  const actor = ctx.user.actor;
  const id = await database.db.transaction(async (tx) => {
    const plans = [];
    for (const [i, pid] of input.planIds.entries()) {
      const p = await readablePlan(tx, actor, pid).catch(() => null);
      if (!p || p.status === "archived") throw fieldError(`planIds.${i}`, "invalid_value");
      plans.push(p);
    }
    const grants = plans.map((p) =>
      activationGrant(actor, { ownerBodyId: p.ownerBodyId, territoryPath: p.territoryPath }),
    );
    if (grants.some((g) => !g)) throw forbidden();
    const grant = grants[0]!;
    const op = input.operationId ? await readableOperation(tx, actor, input.operationId) : null;
    if (input.operationId && !op) throw fieldError("operationId", "invalid_value");
    const inc = input.incidentId ? await readableIncident(tx, actor, input.incidentId) : null;
    if (input.incidentId && !inc) throw fieldError("incidentId", "invalid_value");
    const path = commonPath(plans.map((p) => p.territoryPath));
    const code = path.split("/").at(-1)!;
    await lockForTransaction(tx, "consequences");
    const at = new Date();
    const [a] = await tx
      .insert(activation)
      .values({
        number: await nextNumber(tx, at),
        activatorBodyId: grant.bodyId,
        territoryCode: code,
        territoryPath: path,
        operationId: op?.id ?? null,
        operationNumber: op?.number ?? null,
        incidentId: inc?.id ?? null,
        incidentNumber: inc?.number ?? null,
        plans: plans.map((p) => ({
          id: p.id,
          title: p.title,
          versionNo: p.versionNo,
          approved: p.status === "approved",
        })),
        note: input.note,
        activatedAt: at,
        activatedBy: ctx.user.id,
      })
      .returning();
    const planTasks = await tasksOf(tx, input.planIds);
    const order = new Map(input.planIds.map((pid, i) => [pid, i]));
    planTasks.sort((x, y) => order.get(x.planId)! - order.get(y.planId)! || x.position - y.position);
    const rows = planTasks.map((t, i) => ({
      activationId: a.id,
      planTaskId: t.id,
      position: i + 1,
      mainTask: t.mainTask,
      activity: t.activity,
      title: t.title,
      // A task with nobody named falls to the activating body.
      bodyId: t.responsibleBodyId ?? grant.bodyId,
      normMinutes: t.normMinutes,
      means: t.means,
      deadline: new Date(taskDeadline(at.getTime(), t.normMinutes)),
    }));
    const made: { id: string; bodyId: string }[] = [];
    for (let i = 0; i < rows.length; i += 500)
      made.push(
        ...(await tx
          .insert(liveTask)
          .values(rows.slice(i, i + 500))
          .returning({ id: liveTask.id, bodyId: liveTask.bodyId })),
      );
    if (made.length)
      await tx.insert(taskEvent).values(
        made.map((t) => ({
          taskId: t.id,
          at,
          action: "assign",
          toStatus: "assigned",
          actorId: ctx.user.id,
          actorName: ctx.user.displayName,
        })),
      );
    await writeAudit(tx, ctx, {
      action: "consequences.activated",
      entityType: "consequence_activation",
      entityId: a.id,
      territoryPath: path,
      after: {
        number: a.number,
        plans: a.plans,
        operationId: a.operationId,
        incidentId: a.incidentId,
        tasks: made.length,
        bodies: new Set(made.map((t) => t.bodyId)).size,
      },
    });
    await publish(
      tx,
      CONSEQUENCES_CHANNEL,
      eventOf(
        a,
        "activated",
        made.map((t) => t.bodyId),
      ),
    );
    return a.id;
  });
  return getBoard(database.db, actor, id);
}

async function loadActivation(db: DbOrTx, id: string) {
  const [a] = await db.select().from(activation).where(eq(activation.id, id));
  if (!a) throw notFound();
  return a;
}

/** Tasks as the reader is shown them (its allowed actions); also what a live event carries (tasks-in-events.ts). */
export function presentTasks(
  actor: Actor,
  a: ActivationRow,
  rows: readonly TaskRow[],
  bodies: Map<string, Awaited<ReturnType<typeof bodiesByIds>>[number]>,
  now: number,
): LiveTask[] {
  return rows.map((t) => {
    const b = bodies.get(t.bodyId);
    const status = t.status as TaskStatus;
    const mine = a.status === "active" && actsForBody(actor, t.bodyId);
    return {
      id: t.id,
      activationId: t.activationId,
      activationNumber: a.number,
      mainTask: t.mainTask as MainTask,
      activity: t.activity as ActivityType,
      title: t.title,
      body: { ...refOf(b, t.bodyId), kind: b?.kind ?? "" },
      normMinutes: t.normMinutes,
      means: t.means as LiveTask["means"],
      deadline: t.deadline.toISOString(),
      status,
      overdue: isTaskOverdue({ status, deadline: t.deadline.getTime() }, now),
      blockedReason: t.blockedReason,
      fromPlan: t.planTaskId !== null,
      acceptedAt: t.acceptedAt?.toISOString() ?? null,
      doneAt: t.doneAt?.toISOString() ?? null,
      version: t.version,
      allowedActions: mine ? taskActionsFrom(status) : [],
    };
  });
}

async function summariesOf(db: DbOrTx, rows: readonly ActivationRow[]): Promise<ActivationSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const units = await territoriesByCodes(db, [...new Set(rows.map((r) => r.territoryCode))]);
  const activators = await bodyMap(db, [...new Set(rows.map((r) => r.activatorBodyId))]);
  const counts = await db
    .select({
      id: liveTask.activationId,
      n: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${liveTask.status} = 'done')::int`,
      overdue: sql<number>`count(*) filter (where ${liveTask.status} <> 'done' and ${liveTask.deadline} < now())::int`,
    })
    .from(liveTask)
    .where(inArray(liveTask.activationId, ids))
    .groupBy(liveTask.activationId);
  const unit = new Map(units.map((u) => [u.code, u]));
  const c = new Map(counts.map((x) => [x.id, x]));
  return rows.map((r) => {
    const u = unit.get(r.territoryCode);
    const k = c.get(r.id);
    return {
      id: r.id,
      number: r.number,
      status: r.status as ActivationStatus,
      activatedAt: r.activatedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      activator: refOf(activators.get(r.activatorBodyId), r.activatorBodyId),
      territory: { code: r.territoryCode, path: r.territoryPath, names: u ? namesOf(u) : NO_NAMES },
      operation: r.operationId ? { id: r.operationId, number: r.operationNumber ?? "" } : null,
      incident: r.incidentId ? { id: r.incidentId, number: r.incidentNumber ?? "" } : null,
      plans: r.plans,
      taskCount: Number(k?.n ?? 0),
      doneCount: Number(k?.done ?? 0),
      overdueCount: Number(k?.overdue ?? 0),
    };
  });
}

/**
 * The live board of an activation: the whole of it for the activating side and those over the
 * territory; for a body or force, only its own tasks and requests. Anyone else: 404.
 */
export async function getBoard(db: DbOrTx, actor: Actor, id: string): Promise<ActivationBoard> {
  const a = await loadActivation(db, id);
  const full = canReadActivation(actor, targetOf(a));
  const own = ownBodyIds(actor);
  const taskRows = await db
    .select()
    .from(liveTask)
    .where(
      full
        ? eq(liveTask.activationId, id)
        : and(eq(liveTask.activationId, id), own.length ? inArray(liveTask.bodyId, own) : sql`false`),
    )
    .orderBy(asc(liveTask.position));
  const reqRows = await db
    .select()
    .from(resourceRequest)
    .where(
      full
        ? eq(resourceRequest.activationId, id)
        : and(
            eq(resourceRequest.activationId, id),
            own.length ? inArray(resourceRequest.bodyId, own) : sql`false`,
          ),
    )
    .orderBy(asc(resourceRequest.requestedAt));
  if (!full && !taskRows.length && !reqRows.length) throw notFound();
  const bodies = await bodyMap(db, [...taskRows.map((t) => t.bodyId), ...reqRows.map((r) => r.bodyId)]);
  const now = Date.now();
  const tasks = presentTasks(actor, a, taskRows, bodies, now);
  const [summary] = await summariesOf(db, [a]);
  const command = a.status === "active" && canCommandActivation(actor, targetOf(a));
  const byMainTask = mainTasks
    .map((m) => {
      const of = tasks.filter((t) => t.mainTask === m);
      const counts = Object.fromEntries(
        taskStatuses.map((s) => [s, of.filter((t) => t.status === s).length]),
      ) as Record<TaskStatus, number>;
      return { mainTask: m, counts, overdue: of.filter((t) => t.overdue).length, n: of.length };
    })
    .filter((x) => x.n > 0)
    .map(({ n: _n, ...x }) => x);
  return {
    ...summary,
    note: full ? a.note : "",
    view: full ? "full" : "own",
    tasks,
    byMainTask,
    requests: reqRows.map((r) => presentRequest(actor, a, r, bodies)),
    forcesOnSite: reqRows
      .filter((r) => r.status === "on_site")
      .map((r) => refOf(bodies.get(r.bodyId), r.bodyId)),
    casualties: full ? await casualtiesOf(db, a) : null,
    allowedActions: command ? ["add_task", "request_resource", "close"] : [],
  };
}

/**
 * Casualties and hospital load from the affected-people registry's anonymous counts (R21.1, R21.2):
 * the persons of the activation's report when it has one, else those recorded for the activation.
 */
async function casualtiesOf(db: DbOrTx, a: { id: string; incidentId: string | null }) {
  const c = await personCountsFor(
    db,
    a.incidentId ? { incidentIds: [a.incidentId] } : { activationIds: [a.id] },
  );
  return {
    injured: c.byStatus.injured ?? 0,
    hospitalised: c.byStatus.hospitalised ?? 0,
    deceased: c.byStatus.deceased ?? 0,
    missing: c.byStatus.missing ?? 0,
  };
}

function presentRequest(
  actor: Actor,
  a: ActivationRow,
  r: RequestRow,
  bodies: Map<string, Awaited<ReturnType<typeof bodiesByIds>>[number]>,
) {
  const sides = forceSides(actor, r.bodyId, canCommandActivation(actor, targetOf(a)));
  return {
    id: r.id,
    body: refOf(bodies.get(r.bodyId), r.bodyId),
    means: r.means,
    status: r.status as ForceStatus,
    requestedAt: r.requestedAt.toISOString(),
    committedAt: r.committedAt?.toISOString() ?? null,
    commitNote: r.commitNote,
    eta: r.eta?.toISOString() ?? null,
    enRouteAt: r.enRouteAt?.toISOString() ?? null,
    onSiteAt: r.onSiteAt?.toISOString() ?? null,
    releasedAt: r.releasedAt?.toISOString() ?? null,
    nextStatuses: a.status === "active" ? nextForceStatuses(r.status as ForceStatus, sides) : [],
    version: r.version,
  };
}

/** Activations the reader sees whole, or has tasks or requests in; newest first. */
export async function listActivations(db: DbOrTx, actor: Actor) {
  const own = ownBodyIds(actor);
  const withOwn = own.length
    ? new Set(
        (
          await db
            .selectDistinct({ id: liveTask.activationId })
            .from(liveTask)
            .where(inArray(liveTask.bodyId, own))
        ).map((r) => r.id),
      )
    : new Set<string>();
  const rows = (await db.select().from(activation).orderBy(desc(activation.activatedAt)).limit(1000)).filter(
    (a) => canReadActivation(actor, targetOf(a)) || withOwn.has(a.id),
  );
  const canActivate = actor.grants.some((g) =>
    ["hq_officer", "commission_secretary", "atc_coordinator"].includes(g.role),
  );
  return { items: await summariesOf(db, rows.slice(0, 200)), canActivate };
}

/** Open tasks of the bodies the reader acts for first, then the rest; newest activations first. */
export async function myTasks(db: DbOrTx, actor: Actor) {
  const own = ownBodyIds(actor);
  if (!own.length) return { items: [] };
  const rows = await db
    .select({ t: liveTask, a: activation })
    .from(liveTask)
    .innerJoin(activation, eq(activation.id, liveTask.activationId))
    .where(and(inArray(liveTask.bodyId, own), eq(activation.status, "active")))
    .orderBy(desc(activation.activatedAt), asc(liveTask.deadline))
    .limit(500);
  const bodies = await bodyMap(
    db,
    rows.map((r) => r.t.bodyId),
  );
  const now = Date.now();
  const items = rows.flatMap((r) => presentTasks(actor, r.a, [r.t], bodies, now));
  items.sort((x, y) => Number(x.status === "done") - Number(y.status === "done"));
  return { items };
}

/** The activating side adds a task on the spot, for any body of the registry. */
export async function addTask(database: Database, ctx: Ctx, id: string, input: AddTaskBody) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const a = await loadActivation(tx, id);
    if (!canReadActivation(actor, targetOf(a))) throw notFound();
    if (!canCommandActivation(actor, targetOf(a))) throw forbidden();
    if (a.status !== "active")
      throw new AppError(409, "invalid_transition", { from: a.status, action: "add_task" });
    const [b] = await bodiesByIds(tx, [input.responsibleBodyId]);
    if (!b?.active) throw fieldError("responsibleBodyId", "unknown_body");
    const [{ n }] = await tx
      .select({ n: sql<number>`coalesce(max(${liveTask.position}), 0)::int` })
      .from(liveTask)
      .where(eq(liveTask.activationId, id));
    const now = new Date();
    const [t] = await tx
      .insert(liveTask)
      .values({
        activationId: id,
        position: Number(n) + 1,
        mainTask: input.mainTask,
        activity: input.activity,
        title: input.title,
        bodyId: b.id,
        normMinutes: input.normMinutes,
        means: input.means,
        deadline: new Date(taskDeadline(now.getTime(), input.normMinutes)),
      })
      .returning();
    await tx.insert(taskEvent).values({
      taskId: t.id,
      action: "assign",
      toStatus: "assigned",
      actorId: ctx.user.id,
      actorName: ctx.user.displayName,
    });
    await writeAudit(tx, ctx, {
      action: "consequences.task_added",
      entityType: "consequence_task",
      entityId: t.id,
      territoryPath: a.territoryPath,
      after: {
        activationId: id,
        mainTask: t.mainTask,
        activity: t.activity,
        bodyId: t.bodyId,
        normMinutes: t.normMinutes,
      },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, eventOf(a, "task_added", [b.id], t.id));
  });
  return getBoard(database.db, actor, id);
}

/** A body moves its own task: accept, start, finish, block (with a reason), resume. */
export async function actOnTask(
  database: Database,
  ctx: Ctx,
  taskId: string,
  input: TaskActionBody,
): Promise<LiveTask> {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const [t] = await tx.select().from(liveTask).where(eq(liveTask.id, taskId));
    if (!t) throw notFound();
    const a = await loadActivation(tx, t.activationId);
    const mine = actsForBody(actor, t.bodyId);
    if (!mine) {
      if (canReadActivation(actor, targetOf(a))) throw forbidden();
      throw notFound();
    }
    const from = t.status as TaskStatus;
    const to = a.status === "active" ? nextTaskStatus(from, input.action) : null;
    if (!to) throw new AppError(409, "invalid_transition", { from, action: input.action });
    if (input.action === "block" && !input.reason) throw fieldError("reason", "reason_required");
    if (t.version !== input.version) throw versionConflict();
    const now = new Date();
    const [row] = await tx
      .update(liveTask)
      .set({
        status: to,
        blockedReason: to === "blocked" ? input.reason : "",
        acceptedAt: t.acceptedAt ?? (to === "accepted" ? now : null),
        doneAt: to === "done" ? now : null,
        version: t.version + 1,
        updatedAt: now,
      })
      .where(and(eq(liveTask.id, taskId), eq(liveTask.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await tx.insert(taskEvent).values({
      taskId,
      at: now,
      action: input.action,
      fromStatus: from,
      toStatus: to,
      reason: input.reason,
      actorId: ctx.user.id,
      actorName: ctx.user.displayName,
    });
    await writeAudit(tx, ctx, {
      action: "consequences.task_moved",
      entityType: "consequence_task",
      entityId: taskId,
      territoryPath: a.territoryPath,
      before: { status: from },
      after: { status: to, action: input.action, onTime: now <= t.deadline },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, eventOf(a, "task_changed", [t.bodyId], taskId));
    const bodies = await bodyMap(tx, [t.bodyId]);
    return presentTasks(actor, a, [row], bodies, now.getTime())[0];
  });
}

/** The activating side requests forces and means of a body (state: requested). */
export async function requestResource(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { bodyId: string; means: string },
) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const a = await loadActivation(tx, id);
    if (!canReadActivation(actor, targetOf(a))) throw notFound();
    if (!canCommandActivation(actor, targetOf(a))) throw forbidden();
    if (a.status !== "active")
      throw new AppError(409, "invalid_transition", { from: a.status, action: "request" });
    const [b] = await bodiesByIds(tx, [input.bodyId]);
    if (!b?.active) throw fieldError("bodyId", "unknown_body");
    const [r] = await tx
      .insert(resourceRequest)
      .values({ activationId: id, bodyId: b.id, means: input.means })
      .returning();
    await writeAudit(tx, ctx, {
      action: "consequences.resource_requested",
      entityType: "consequence_request",
      entityId: r.id,
      territoryPath: a.territoryPath,
      after: { activationId: id, bodyId: b.id, means: input.means },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, eventOf(a, "request_changed", [b.id]));
  });
  return getBoard(database.db, actor, id);
}

/**
 * The force or the activating side moves a request: requested → committed → en route → on site →
 * released (the operation forces' states); only the force commits (who and how many, when).
 */
export async function moveRequest(
  database: Database,
  ctx: Ctx,
  requestId: string,
  input: { status: ForceStatus; version: number; commitNote: string; eta: string | null },
) {
  const actor = ctx.user.actor;
  const activationId = await database.db.transaction(async (tx) => {
    const [r] = await tx.select().from(resourceRequest).where(eq(resourceRequest.id, requestId));
    if (!r) throw notFound();
    const a = await loadActivation(tx, r.activationId);
    const sides = forceSides(actor, r.bodyId, canCommandActivation(actor, targetOf(a)));
    if (!sides.length) {
      if (canReadActivation(actor, targetOf(a))) throw forbidden();
      throw notFound();
    }
    if (a.status !== "active" || !nextForceStatuses(r.status as ForceStatus).includes(input.status))
      throw new AppError(409, "invalid_transition", { from: r.status, action: input.status });
    if (!nextForceStatuses(r.status as ForceStatus, sides).includes(input.status)) throw forbidden();
    if (r.version !== input.version) throw versionConflict();
    const commitment = commitmentOf(input);
    const now = new Date();
    const [row] = await tx
      .update(resourceRequest)
      .set({
        status: input.status,
        ...(commitment ? { committedAt: now, ...commitment } : {}),
        ...(input.status === "en_route" ? { enRouteAt: now } : {}),
        ...(input.status === "on_site" ? { onSiteAt: now } : {}),
        ...(input.status === "released" ? { releasedAt: now } : {}),
        version: r.version + 1,
      })
      .where(and(eq(resourceRequest.id, requestId), eq(resourceRequest.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "consequences.resource_moved",
      entityType: "consequence_request",
      entityId: requestId,
      territoryPath: a.territoryPath,
      before: { status: r.status },
      after: {
        status: input.status,
        ...(commitment ? { commitNote: commitment.commitNote, eta: input.eta } : {}),
      },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, eventOf(a, "request_changed", [r.bodyId]));
    return a.id;
  });
  return getBoard(database.db, actor, activationId);
}

/** The activating side closes the activation: no further moves; the report stays. */
export async function closeActivation(database: Database, ctx: Ctx, id: string) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const a = await loadActivation(tx, id);
    if (!canReadActivation(actor, targetOf(a))) throw notFound();
    if (!canCommandActivation(actor, targetOf(a))) throw forbidden();
    if (a.status !== "active")
      throw new AppError(409, "invalid_transition", { from: a.status, action: "close" });
    const now = new Date();
    await tx
      .update(activation)
      .set({ status: "closed", closedAt: now, version: a.version + 1 })
      .where(eq(activation.id, id));
    const open = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(liveTask)
      .where(and(eq(liveTask.activationId, id), sql`${liveTask.status} <> 'done'`));
    await writeAudit(tx, ctx, {
      action: "consequences.activation_closed",
      entityType: "consequence_activation",
      entityId: id,
      territoryPath: a.territoryPath,
      before: { status: a.status },
      after: { status: "closed", openTasks: Number(open[0]?.n ?? 0) },
    });
    const bodies = await tx
      .selectDistinct({ b: liveTask.bodyId })
      .from(liveTask)
      .where(eq(liveTask.activationId, id));
    await publish(
      tx,
      CONSEQUENCES_CHANNEL,
      eventOf(
        a,
        "closed",
        bodies.map((x) => x.b),
      ),
    );
  });
  return getBoard(database.db, actor, id);
}

/** The event's reader check (live and replayed alike): the whole board's readers, or a body concerned. */
export function canSeeEvent(actor: Actor, e: ConsequenceEvent): boolean {
  if (!e || typeof e.territoryPath !== "string" || !Array.isArray(e.bodyIds)) return false;
  return (
    canReadActivation(actor, { activatorBodyId: e.activatorBodyId, territoryPath: e.territoryPath }) ||
    e.bodyIds.some((b) => actsForBody(actor, b))
  );
}
