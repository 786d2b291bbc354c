/**
 * Meetings of a commission (R5): date, agenda with speakers, attendance of member
 * bodies, decisions. Signing the protocol numbers it (per body and year) and turns every decision
 * with executors into assignments under control — one per executor body.
 */
import { and, asc, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { DecisionBody, MeetingDetail } from "../../../domain/contracts/prevention";
import { canManageMeeting, canReadMeeting } from "../../../domain/policy";
import { almatyDate, decisionNumbers, type MeetingStatus } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { lockForTransaction } from "../../platform/locks";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { type BodyRecord, bodiesByIds, bodyById, bodyMap, memberBodyIds, membersOf } from "../registry";
import { assignmentViews } from "./assignments.service";
import { notifyBodies } from "./notifications.service";
import {
  type AgendaItem,
  type Attendance,
  assignment,
  assignmentEvent,
  decision,
  meeting,
} from "./prevention.tables";

type Ctx = Required<RequestContext>;
type MeetingRow = typeof meeting.$inferSelect;

const OWNERS = ["commission", "atc"];
export const MEETING_BASIS = ["R5"];

async function readableMeeting(db: DbOrTx, actor: Actor, id: string) {
  const [m] = await db.select().from(meeting).where(eq(meeting.id, id));
  if (!m || !canReadMeeting(actor, { bodyId: m.bodyId, territoryPath: m.territoryPath })) throw notFound();
  return m;
}

/** A planned meeting the actor runs; a signed protocol is never edited. */
async function editableMeeting(db: DbOrTx, actor: Actor, id: string, expectedVersion?: number) {
  const m = await readableMeeting(db, actor, id);
  if (!canManageMeeting(actor, { bodyId: m.bodyId, territoryPath: m.territoryPath })) throw forbidden();
  if (m.status !== "planned")
    throw new AppError(409, "invalid_transition", { from: m.status, action: "edit" });
  if (expectedVersion !== undefined && expectedVersion !== m.version) throw versionConflict();
  return m;
}

/** Bodies that must exist; a missing one is a field error on `path`. */
async function requireBodies(db: DbOrTx, ids: readonly string[], path: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await bodiesByIds(db, unique);
  if (found.length !== unique.length) throw fieldError(path, "invalid_value");
}

export async function createMeeting(
  database: Database,
  ctx: Ctx,
  input: { bodyId: string; heldAt: string; place: string; chairName: string; agenda: AgendaItem[] },
) {
  return database.db.transaction(async (tx) => {
    const owner = await bodyById(tx, input.bodyId);
    if (!owner || !OWNERS.includes(owner.kind)) throw fieldError("bodyId", "invalid_value");
    if (!canManageMeeting(ctx.user.actor, { bodyId: owner.id, territoryPath: owner.territoryPath }))
      throw forbidden();
    await requireBodies(
      tx,
      input.agenda.flatMap((a) => a.speakers.flatMap((s) => (s.bodyId ? [s.bodyId] : []))),
      "agenda",
    );
    const [m] = await tx
      .insert(meeting)
      .values({
        bodyId: owner.id,
        territoryPath: owner.territoryPath,
        heldAt: new Date(input.heldAt),
        place: input.place,
        chairName: input.chairName,
        agenda: input.agenda,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "meeting.created",
      entityType: "meeting",
      entityId: m.id,
      territoryPath: m.territoryPath,
      after: { bodyId: owner.id, heldAt: input.heldAt, agenda: input.agenda.length },
    });
    return getMeeting(tx, ctx.user.actor, m.id);
  });
}

export async function updateMeeting(
  database: Database,
  ctx: Ctx,
  id: string,
  input: {
    version: number;
    heldAt?: string;
    place?: string;
    chairName?: string;
    agenda?: AgendaItem[];
    attendance?: Attendance[];
  },
) {
  return database.db.transaction(async (tx) => {
    const m = await editableMeeting(tx, ctx.user.actor, id, input.version);
    if (input.agenda) {
      await requireBodies(
        tx,
        input.agenda.flatMap((a) => a.speakers.flatMap((s) => (s.bodyId ? [s.bodyId] : []))),
        "agenda",
      );
    }
    if (input.attendance) {
      // Attendance is of the commission's member bodies (R5).
      const members = new Set(await memberBodyIds(tx, m.bodyId));
      const bad = input.attendance.findIndex((a) => !members.has(a.bodyId));
      if (bad >= 0) throw fieldError(`attendance.${bad}.bodyId`, "not_a_member");
    }
    const changes = {
      ...(input.heldAt ? { heldAt: new Date(input.heldAt) } : {}),
      ...(input.place !== undefined ? { place: input.place } : {}),
      ...(input.chairName !== undefined ? { chairName: input.chairName } : {}),
      ...(input.agenda ? { agenda: input.agenda } : {}),
      ...(input.attendance ? { attendance: input.attendance } : {}),
    };
    const [row] = await tx
      .update(meeting)
      .set({ ...changes, version: sql`${meeting.version} + 1`, updatedAt: new Date() })
      .where(and(eq(meeting.id, id), eq(meeting.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "meeting.updated",
      entityType: "meeting",
      entityId: id,
      territoryPath: m.territoryPath,
      before: pick(m, Object.keys(changes)),
      after: changes,
    });
    return getMeeting(tx, ctx.user.actor, id);
  });
}

function pick(row: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

export async function addDecision(database: Database, ctx: Ctx, id: string, input: DecisionBody) {
  if (input.executorIds.length && !input.deadline) throw fieldError("deadline", "required");
  return database.db.transaction(async (tx) => {
    const m = await editableMeeting(tx, ctx.user.actor, id);
    if (input.agendaIndex >= Math.max(1, m.agenda.length)) throw fieldError("agendaIndex", "invalid_value");
    await requireBodies(tx, input.executorIds, "executorIds");
    await requireBodies(tx, input.coExecutorIds, "coExecutorIds");
    if (input.controllerBodyId) await requireBodies(tx, [input.controllerBodyId], "controllerBodyId");
    const [{ n }] = await tx.select({ n: count() }).from(decision).where(eq(decision.meetingId, id));
    const [d] = await tx
      .insert(decision)
      .values({
        meetingId: id,
        position: Number(n) + 1,
        agendaIndex: input.agendaIndex,
        text: input.text,
        executorIds: [...new Set(input.executorIds)],
        coExecutorIds: [...new Set(input.coExecutorIds)],
        controllerBodyId: input.controllerBodyId,
        deadline: input.deadline,
      })
      .returning();
    await tx
      .update(meeting)
      .set({ version: sql`${meeting.version} + 1`, updatedAt: new Date() })
      .where(eq(meeting.id, id));
    await writeAudit(tx, ctx, {
      action: "meeting.decision_added",
      entityType: "meeting",
      entityId: id,
      territoryPath: m.territoryPath,
      after: { decisionId: d.id, ...input },
    });
    return getMeeting(tx, ctx.user.actor, id);
  });
}

export async function removeDecision(database: Database, ctx: Ctx, id: string, decisionId: string) {
  return database.db.transaction(async (tx) => {
    const m = await editableMeeting(tx, ctx.user.actor, id);
    const [gone] = await tx
      .delete(decision)
      .where(and(eq(decision.id, decisionId), eq(decision.meetingId, id)))
      .returning();
    if (!gone) throw notFound();
    // Keep positions contiguous: 1, 2, 3 …
    await tx.execute(
      sql`update decision set position = position - 1 where meeting_id = ${id} and position > ${gone.position}`,
    );
    await tx
      .update(meeting)
      .set({ version: sql`${meeting.version} + 1`, updatedAt: new Date() })
      .where(eq(meeting.id, id));
    await writeAudit(tx, ctx, {
      action: "meeting.decision_removed",
      entityType: "meeting",
      entityId: id,
      territoryPath: m.territoryPath,
      before: { decisionId, text: gone.text },
    });
    return getMeeting(tx, ctx.user.actor, id);
  });
}

/**
 * Sign the protocol: the meeting is held, numbered within its body and year, locked; every decision
 * with executors becomes one assignment per executor (R5), and the executors are told.
 */
export async function signProtocol(database: Database, ctx: Ctx, id: string, input: { version: number }) {
  return database.db.transaction(async (tx) => {
    const m = await editableMeeting(tx, ctx.user.actor, id, input.version);
    if (!m.agenda.length) throw fieldError("agenda", "required");
    const year = Number(almatyDate(m.heldAt).slice(0, 4));
    // Serialise numbering per commission: concurrent signings of one commission queue here.
    await lockForTransaction(tx, "protocolNumbering", m.bodyId);
    const [{ max }] = await tx
      .select({ max: sql<number>`coalesce(max(${meeting.protocolNumber}), 0)`.mapWith(Number) })
      .from(meeting)
      .where(and(eq(meeting.bodyId, m.bodyId), eq(meeting.protocolYear, year)));
    const number = max + 1;
    const [row] = await tx
      .update(meeting)
      .set({
        status: "held",
        protocolYear: year,
        protocolNumber: number,
        signedAt: new Date(),
        version: sql`${meeting.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(meeting.id, id), eq(meeting.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    const decisions = await tx
      .select()
      .from(decision)
      .where(eq(decision.meetingId, id))
      .orderBy(asc(decision.position));
    const values: (typeof assignment.$inferInsert)[] = [];
    for (const d of decisions) {
      d.executorIds.forEach((executorBodyId, i) => {
        values.push({
          number: `${number}/${d.position}${d.executorIds.length > 1 ? `-${i + 1}` : ""}`,
          ownerBodyId: m.bodyId,
          territoryPath: m.territoryPath,
          source: "decision",
          meetingId: id,
          decisionId: d.id,
          title: d.text,
          executorBodyId,
          coExecutorIds: d.coExecutorIds,
          controllerBodyId: d.controllerBodyId ?? m.bodyId,
          deadline: d.deadline!,
          originalDeadline: d.deadline!,
        });
      });
    }
    const made = values.length ? await tx.insert(assignment).values(values).returning() : [];
    if (made.length) {
      await tx.insert(assignmentEvent).values(
        made.map((a) => ({
          assignmentId: a.id,
          action: "assign",
          fromStatus: null,
          toStatus: "assigned",
          actorId: ctx.user.id,
          actorName: ctx.user.username,
          data: { meetingId: id, protocolNumber: number },
        })),
      );
      for (const a of made) {
        await notifyBodies(tx, [a.executorBodyId, ...a.coExecutorIds], "assigned", a.id, {
          number: a.number,
          deadline: a.deadline,
        });
      }
    }
    await writeAudit(tx, ctx, {
      action: "meeting.protocol_signed",
      entityType: "meeting",
      entityId: id,
      territoryPath: m.territoryPath,
      after: { protocolYear: year, protocolNumber: number, assignments: made.map((a) => a.id) },
    });
    return getMeeting(tx, ctx.user.actor, id);
  });
}

export async function listMeetings(database: Database, actor: Actor, q: { bodyId?: string; year?: number }) {
  const conds: SQL[] = [];
  if (q.bodyId) conds.push(eq(meeting.bodyId, q.bodyId));
  if (q.year) {
    const from = new Date(Date.UTC(q.year, 0, 1) - 5 * 3_600_000);
    const to = new Date(Date.UTC(q.year + 1, 0, 1) - 5 * 3_600_000);
    conds.push(sql`${meeting.heldAt} >= ${from} and ${meeting.heldAt} < ${to}`);
  }
  const rows = await database.db
    .select({
      m: meeting,
      n: sql<number>`(select count(*) from decision d where d.meeting_id = "meeting"."id")`.mapWith(Number),
    })
    .from(meeting)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(meeting.heldAt))
    .limit(2000);
  const readable = rows.filter((r) =>
    canReadMeeting(actor, { bodyId: r.m.bodyId, territoryPath: r.m.territoryPath }),
  );
  const bodies = await bodyMap(
    database.db,
    readable.map((r) => r.m.bodyId),
  );
  return { items: readable.map((r) => viewOf(r.m, bodies.get(r.m.bodyId) as BodyRecord, r.n)) };
}

function viewOf(m: MeetingRow, b: BodyRecord, n: number) {
  return {
    id: m.id,
    body: { id: b.id, names: namesOf(b) },
    heldAt: m.heldAt.toISOString(),
    place: m.place,
    chairName: m.chairName,
    status: m.status as MeetingStatus,
    protocolNumber: m.protocolNumber,
    signedAt: m.signedAt?.toISOString() ?? null,
    version: m.version,
    decisionCount: n,
  };
}

export async function getMeeting(db: DbOrTx, actor: Actor, id: string): Promise<MeetingDetail> {
  const m = await readableMeeting(db, actor, id);
  const decisions = await db
    .select()
    .from(decision)
    .where(eq(decision.meetingId, id))
    .orderBy(asc(decision.position));
  const numbers = decisionNumbers(decisions);
  const members = (await membersOf(db, m.bodyId)).map((x) => ({ b: x.body, role: x.role }));
  const ids = new Set<string>([m.bodyId, ...m.attendance.map((a) => a.bodyId)]);
  for (const d of decisions) {
    for (const x of [...d.executorIds, ...d.coExecutorIds]) ids.add(x);
    if (d.controllerBodyId) ids.add(d.controllerBodyId);
  }
  const bodies = await bodyMap(db, [...ids]);
  const ref = (bid: string) => ({ id: bid, names: namesOf(bodies.get(bid)!) });
  const assignments = await db
    .select()
    .from(assignment)
    .where(eq(assignment.meetingId, id))
    .orderBy(asc(assignment.createdAt), asc(assignment.number));
  return {
    ...viewOf(m, bodies.get(m.bodyId)!, decisions.length),
    agenda: m.agenda,
    attendance: m.attendance.map((a) => ({ ...a, names: namesOf(bodies.get(a.bodyId)!) })),
    members: members.map((r) => ({ id: r.b.id, names: namesOf(r.b), role: r.role })),
    decisions: decisions.map((d, i) => ({
      id: d.id,
      position: d.position,
      agendaIndex: d.agendaIndex,
      number: numbers[i],
      text: d.text,
      executors: d.executorIds.map(ref),
      coExecutors: d.coExecutorIds.map(ref),
      controller: d.controllerBodyId ? ref(d.controllerBodyId) : null,
      deadline: d.deadline,
    })),
    assignments: await assignmentViews(db, assignments),
    canManage: canManageMeeting(actor, { bodyId: m.bodyId, territoryPath: m.territoryPath }),
    basis: MEETING_BASIS,
  };
}
