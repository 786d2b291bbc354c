/**
 * Assignments under control (R5): the executor reports (text, figures, its own legal
 * act, attachments) or asks for an extension; the controller accepts — closing it on time or late —
 * returns it with a reason, grants or refuses the extension. Every step is a state-machine
 * transition with history and an audit entry. The control job (assignments.control.ts) reminds
 * before the deadline and on the day it passes, and escalates to the higher commission's secretariat.
 */
import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { AssignmentActionBody, AssignmentDetail } from "../../../domain/contracts/prevention";
import {
  type AssignmentTarget,
  canActAsController,
  canActAsExecutor,
  canReadAssignment,
} from "../../../domain/policy";
import {
  type AssignmentAction,
  type AssignmentStatus,
  almatyDate,
  assignmentActionsFor,
  assignmentActor,
  deadlineEnd,
  isOverdueOn,
  type NotificationKind,
  nextAssignmentStatus,
} from "../../../domain/prevention";
import type { Actor, Role } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { bodyMap } from "../registry";
import { notifyBodies } from "./notifications.service";
import { assignment, assignmentEvent, assignmentFile } from "./prevention.tables";

type Ctx = Required<RequestContext>;
type AssignmentRow = typeof assignment.$inferSelect;

export const ASSIGNMENT_BASIS = ["R5"];
export const OPEN: AssignmentStatus[] = ["assigned", "returned", "extension_requested"];
const READER_ROLES: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "auditor",
];

const targetOf = (a: AssignmentRow): AssignmentTarget => ({
  ownerBodyId: a.ownerBodyId,
  territoryPath: a.territoryPath,
  executorBodyId: a.executorBodyId,
  coExecutorIds: a.coExecutorIds,
  controllerBodyId: a.controllerBodyId,
});

/* ------------------------------------------------------------------------------------- notifications */

/**
 * Tell every active user who acts for these bodies (auditors excepted). With mail configured, the
 * control signals also queue an e-mail, in this transaction, for those who gave an address.
 */
export function readableSql(actor: Actor): SQL {
  const conds: SQL[] = [];
  const acting = [...new Set(actor.grants.filter((g) => g.role !== "auditor").map((g) => g.bodyId))];
  for (const g of actor.grants) {
    if (!READER_ROLES.includes(g.role)) continue;
    conds.push(sql`${assignment.ownerBodyId} = ${g.bodyId}`);
    conds.push(
      sql`(${assignment.territoryPath} = ${g.territoryPath} or ${assignment.territoryPath} like ${`${g.territoryPath}/%`})`,
    );
  }
  if (acting.length) {
    conds.push(inArray(assignment.executorBodyId, acting));
    conds.push(inArray(assignment.controllerBodyId, acting));
    conds.push(
      sql`${assignment.coExecutorIds} ?| ${sql`array[${sql.join(
        acting.map((a) => sql`${a}`),
        sql`, `,
      )}]::text[]`}`,
    );
  }
  return conds.length ? or(...conds)! : sql`false`;
}

const myBodies = (actor: Actor) => [
  ...new Set(actor.grants.filter((g) => g.role !== "auditor").map((g) => g.bodyId)),
];

export async function assignmentViews(db: DbOrTx, rows: AssignmentRow[], now = new Date()) {
  const ids = new Set<string>();
  for (const a of rows) {
    for (const x of [a.ownerBodyId, a.executorBodyId, a.controllerBodyId, ...a.coExecutorIds]) ids.add(x);
    if (a.escalatedToBodyId) ids.add(a.escalatedToBodyId);
  }
  const bodies = await bodyMap(db, [...ids]);
  const ref = (id: string) => ({ id, names: namesOf(bodies.get(id)!) });
  return rows.map((a) => ({
    id: a.id,
    number: a.number,
    source: a.source as "decision" | "exercise",
    title: a.title,
    owner: ref(a.ownerBodyId),
    executor: ref(a.executorBodyId),
    coExecutors: a.coExecutorIds.map(ref),
    controller: ref(a.controllerBodyId),
    deadline: a.deadline,
    originalDeadline: a.originalDeadline,
    status: a.status as AssignmentStatus,
    overdue: isOverdueOn(a.status as AssignmentStatus, a.deadline, now),
    escalatedTo: a.escalatedToBodyId ? ref(a.escalatedToBodyId) : null,
    meetingId: a.meetingId,
    version: a.version,
  }));
}

export async function listAssignments(
  database: Database,
  actor: Actor,
  q: {
    scope: "mine" | "control" | "all";
    status?: AssignmentStatus | "open" | "overdue";
    bodyId?: string;
    limit: number;
    offset: number;
  },
) {
  const conds: SQL[] = [readableSql(actor)];
  const mine = myBodies(actor);
  if (q.scope === "mine") {
    conds.push(
      mine.length
        ? or(
            inArray(assignment.executorBodyId, mine),
            sql`${assignment.coExecutorIds} ?| ${sql`array[${sql.join(
              mine.map((a) => sql`${a}`),
              sql`, `,
            )}]::text[]`}`,
          )!
        : sql`false`,
    );
  } else if (q.scope === "control") {
    const managed = actor.grants
      .filter((g) => ["commission_secretary", "atc_coordinator", "administrator"].includes(g.role))
      .map((g) => g.bodyId);
    const ctl = [...new Set([...mine, ...managed])];
    conds.push(
      ctl.length
        ? or(
            inArray(assignment.controllerBodyId, ctl),
            inArray(
              assignment.ownerBodyId,
              managed.length ? managed : ["00000000-0000-0000-0000-000000000000"],
            ),
            inArray(assignment.escalatedToBodyId, ctl),
          )!
        : sql`false`,
    );
  }
  const today = almatyDate(new Date());
  if (q.status === "open") conds.push(inArray(assignment.status, [...OPEN, "reported"]));
  else if (q.status === "overdue")
    conds.push(inArray(assignment.status, OPEN), sql`${assignment.deadline} < ${today}::date`);
  else if (q.status) conds.push(eq(assignment.status, q.status));
  if (q.bodyId)
    conds.push(or(eq(assignment.executorBodyId, q.bodyId), eq(assignment.ownerBodyId, q.bodyId))!);
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    database.db
      .select()
      .from(assignment)
      .where(where)
      .orderBy(asc(assignment.deadline), asc(assignment.number))
      .limit(q.limit)
      .offset(q.offset),
    database.db.select({ n: count() }).from(assignment).where(where),
  ]);
  return { items: await assignmentViews(database.db, rows), total: Number(n) };
}

async function readableAssignment(db: DbOrTx, actor: Actor, id: string) {
  const [a] = await db.select().from(assignment).where(eq(assignment.id, id));
  if (!a || !canReadAssignment(actor, targetOf(a))) throw notFound();
  return a;
}

/** What the actor may do now: the state machine for each side the actor holds. */
export function allowedAssignmentActions(actor: Actor, a: AssignmentRow): AssignmentAction[] {
  const status = a.status as AssignmentStatus;
  const out: AssignmentAction[] = [];
  if (canActAsExecutor(actor, targetOf(a))) out.push(...assignmentActionsFor(status, "executor"));
  if (canActAsController(actor, targetOf(a))) out.push(...assignmentActionsFor(status, "controller"));
  return out;
}

export async function getAssignment(db: DbOrTx, actor: Actor, id: string): Promise<AssignmentDetail> {
  const a = await readableAssignment(db, actor, id);
  const [view] = await assignmentViews(db, [a]);
  const history = await db
    .select()
    .from(assignmentEvent)
    .where(eq(assignmentEvent.assignmentId, id))
    .orderBy(asc(assignmentEvent.id));
  const files = await db
    .select({
      id: assignmentFile.id,
      filename: assignmentFile.filename,
      mime: assignmentFile.mime,
      size: assignmentFile.size,
    })
    .from(assignmentFile)
    .where(eq(assignmentFile.assignmentId, id))
    .orderBy(asc(assignmentFile.createdAt));
  const people = await peopleByIds(
    db,
    history.map((h) => h.actorId),
  );
  return {
    ...view,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      actorName: h.actorName,
      actor: (h.actorId && people.get(h.actorId)) || null,
      comment: h.comment,
      data: (h.data as Record<string, unknown> | null) ?? null,
    })),
    files,
    allowedActions: allowedAssignmentActions(actor, a),
    basis: ASSIGNMENT_BASIS,
  };
}

export async function getAssignmentFile(database: Database, actor: Actor, id: string, fileId: string) {
  await readableAssignment(database.db, actor, id);
  const [f] = await database.db
    .select()
    .from(assignmentFile)
    .where(and(eq(assignmentFile.id, fileId), eq(assignmentFile.assignmentId, id)));
  if (!f) throw notFound();
  return f;
}

/* ----------------------------------------------------------------------------------------- actions */

const MAX_FILE = 2 * 1024 * 1024;

const NOTIFY_ON: Partial<Record<AssignmentAction, NotificationKind>> = {
  report: "reported",
  request_extension: "extension_requested",
  accept: "accepted",
  return: "returned",
  grant_extension: "extension_decided",
  refuse_extension: "extension_decided",
};

export async function actOnAssignment(database: Database, ctx: Ctx, id: string, input: AssignmentActionBody) {
  const files = input.attachments.map((f, i) => {
    const content = Buffer.from(f.contentBase64, "base64");
    if (content.length > MAX_FILE) throw fieldError(`attachments.${i}`, "file_too_large", { max: "2 MiB" });
    return { filename: f.filename, mime: f.mime, content };
  });
  return database.db.transaction(async (tx) => {
    const a = await readableAssignment(tx, ctx.user.actor, id);
    const side = assignmentActor[input.action];
    const may =
      side === "executor"
        ? canActAsExecutor(ctx.user.actor, targetOf(a))
        : canActAsController(ctx.user.actor, targetOf(a));
    if (!may) throw forbidden();
    if (a.version !== input.version) throw versionConflict();
    const from = a.status as AssignmentStatus;
    const now = new Date();
    const to = nextAssignmentStatus(from, input.action, {
      reportedAt: a.reportedAt ?? undefined,
      deadline: deadlineEnd(a.deadline),
    });
    if (!to) throw new AppError(409, "invalid_transition", { from, action: input.action });

    const set: Partial<typeof assignment.$inferInsert> = { status: to };
    const data: Record<string, unknown> = {};
    if (input.action === "report") {
      set.reportedAt = now;
      Object.assign(data, { figures: input.figures, actNumber: input.actNumber, actDate: input.actDate });
    } else if (input.action === "request_extension") {
      if (input.newDeadline! <= a.deadline) throw fieldError("newDeadline", "deadline_not_later");
      data.requestedDeadline = input.newDeadline;
    } else if (input.action === "grant_extension") {
      const [req] = await tx
        .select({ data: assignmentEvent.data })
        .from(assignmentEvent)
        .where(and(eq(assignmentEvent.assignmentId, id), eq(assignmentEvent.action, "request_extension")))
        .orderBy(desc(assignmentEvent.id))
        .limit(1);
      const requested = (req?.data as { requestedDeadline?: string } | null)?.requestedDeadline;
      if (!requested) throw new AppError(409, "invalid_transition", { from, action: input.action });
      // A new deadline starts a new control cycle: reminders and escalation may fire again.
      Object.assign(set, {
        deadline: requested,
        remindedBeforeAt: null,
        remindedDueAt: null,
        escalatedAt: null,
        escalatedToBodyId: null,
      });
      Object.assign(data, { from: a.deadline, to: requested });
    } else if (input.action === "accept") {
      set.closedAt = now;
      data.onTime = to === "done_on_time";
    }
    const [row] = await tx
      .update(assignment)
      .set({ ...set, version: sql`${assignment.version} + 1`, updatedAt: now })
      .where(and(eq(assignment.id, id), eq(assignment.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    const [ev] = await tx
      .insert(assignmentEvent)
      .values({
        assignmentId: id,
        at: now,
        action: input.action,
        fromStatus: from,
        toStatus: to,
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment: input.comment,
        data: Object.keys(data).length || files.length ? data : null,
      })
      .returning({ id: assignmentEvent.id });
    if (files.length) {
      const saved = await tx
        .insert(assignmentFile)
        .values(files.map((f) => ({ assignmentId: id, eventId: ev.id, ...f, size: f.content.length })))
        .returning({ id: assignmentFile.id, filename: assignmentFile.filename });
      data.files = saved;
      await tx.update(assignmentEvent).set({ data }).where(eq(assignmentEvent.id, ev.id));
    }
    const kind = NOTIFY_ON[input.action];
    if (kind) {
      const other = side === "executor" ? [a.controllerBodyId, a.ownerBodyId] : [a.executorBodyId];
      await notifyBodies(tx, other, kind, id, { number: a.number, status: to });
    }
    await writeAudit(tx, ctx, {
      action: `assignment.${input.action}`,
      entityType: "assignment",
      entityId: id,
      territoryPath: a.territoryPath,
      before: { status: from, deadline: a.deadline },
      after: { status: to, deadline: row.deadline, ...data, comment: input.comment },
    });
    return getAssignment(tx, ctx.user.actor, id);
  });
}

/* ---------------------------------------------------------------------------------------- discipline */

/**
 * Execution discipline per executor body over a period (by deadline in force): assigned, closed on
 * time, closed late, overdue now, still open.
 */
export async function discipline(
  database: Database,
  actor: Actor,
  q: { from: string; to: string; ownerBodyId?: string },
) {
  if (q.to < q.from) throw fieldError("to", "invalid_value");
  const today = almatyDate(new Date());
  const rows = await database.db
    .select({
      bodyId: assignment.executorBodyId,
      assigned: count(),
      onTime: sql<number>`count(*) filter (where ${assignment.status} = 'done_on_time')`.mapWith(Number),
      late: sql<number>`count(*) filter (where ${assignment.status} = 'done_late')`.mapWith(Number),
      overdue:
        sql<number>`count(*) filter (where ${assignment.status} in ('assigned','returned','extension_requested') and ${assignment.deadline} < ${today}::date)`.mapWith(
          Number,
        ),
      open: sql<number>`count(*) filter (where ${assignment.status} not in ('done_on_time','done_late'))`.mapWith(
        Number,
      ),
    })
    .from(assignment)
    .where(
      and(
        readableSql(actor),
        sql`${assignment.deadline} between ${q.from}::date and ${q.to}::date`,
        q.ownerBodyId ? eq(assignment.ownerBodyId, q.ownerBodyId) : undefined,
      ),
    )
    .groupBy(assignment.executorBodyId)
    .limit(5000);
  const bodies = await bodyMap(
    database.db,
    rows.map((r) => r.bodyId),
  );
  return {
    from: q.from,
    to: q.to,
    rows: rows
      .map((r) => ({
        body: { id: r.bodyId, names: namesOf(bodies.get(r.bodyId)!) },
        assigned: Number(r.assigned),
        onTime: r.onTime,
        late: r.late,
        overdue: r.overdue,
        open: r.open,
      }))
      .sort((x, y) => y.overdue - x.overdue || y.late - x.late || y.assigned - x.assigned),
  };
}

/* ------------------------------------------------------------------------------------- control job */
