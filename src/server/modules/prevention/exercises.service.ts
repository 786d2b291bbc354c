/**
 * The calendar of exercises and drills (R10.3: at the place of residence or work, a scenario,
 * participating bodies, a date) and of trainings for population groups (R10.2: social, professional,
 * age). Recording the results turns each finding into an assignment under control (R5).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type {
  CreateExerciseBody,
  ExerciseResultBody,
  ExerciseView,
} from "../../../domain/contracts/prevention";
import { canManagePlan, canReadPlan } from "../../../domain/policy";
import { type ExerciseKind, type ExerciseStatus, exerciseKindBasis } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { bodiesByIds, bodyById, bodyMap } from "../registry";
import { notifyBodies } from "./notifications.service";
import { assignment, assignmentEvent, exercise } from "./prevention.tables";

type Ctx = Required<RequestContext>;
type Row = typeof exercise.$inferSelect;
const OWNERS = ["commission", "atc"];

async function requireBodies(db: DbOrTx, ids: readonly string[], path: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await bodiesByIds(db, unique);
  if (found.length !== unique.length) throw fieldError(path, "invalid_value");
}

export async function createExercise(database: Database, ctx: Ctx, input: CreateExerciseBody) {
  return database.db.transaction(async (tx) => {
    const owner = await bodyById(tx, input.bodyId);
    if (!owner || !OWNERS.includes(owner.kind)) throw fieldError("bodyId", "invalid_value");
    if (!canManagePlan(ctx.user.actor, { bodyId: owner.id, territoryPath: owner.territoryPath }))
      throw forbidden();
    await requireBodies(tx, input.participantBodyIds, "participantBodyIds");
    const training = input.kind === "training";
    const [row] = await tx
      .insert(exercise)
      .values({
        ownerBodyId: owner.id,
        territoryPath: owner.territoryPath,
        kind: input.kind,
        title: input.title,
        scenario: input.scenario,
        place: input.place,
        setting: training ? null : input.setting,
        audience: training ? input.audience : null,
        audienceDetail: training ? input.audienceDetail : "",
        date: input.date,
        participantBodyIds: [...new Set(input.participantBodyIds)],
        plannedParticipants: input.plannedParticipants,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "exercise.planned",
      entityType: "exercise",
      entityId: row.id,
      territoryPath: row.territoryPath,
      after: { kind: input.kind, title: input.title, date: input.date },
    });
    return (await views(tx, ctx.user.actor, [row]))[0];
  });
}

/**
 * Record what happened: held (results, participants, findings → assignments to the executors, the
 * commission controlling) or cancelled (the reason). Only once; later changes are new exercises.
 */
export async function recordExercise(database: Database, ctx: Ctx, id: string, input: ExerciseResultBody) {
  return database.db.transaction(async (tx) => {
    const [e] = await tx.select().from(exercise).where(eq(exercise.id, id));
    const target = e && { bodyId: e.ownerBodyId, territoryPath: e.territoryPath };
    if (!e || !canReadPlan(ctx.user.actor, target)) throw notFound();
    if (!canManagePlan(ctx.user.actor, target)) throw forbidden();
    if (e.status !== "planned")
      throw new AppError(409, "invalid_transition", { from: e.status, action: input.status });
    if (e.version !== input.version) throw versionConflict();
    if (input.status === "cancelled" && input.findings.length) throw fieldError("findings", "invalid_value");
    await requireBodies(
      tx,
      input.findings.map((f) => f.executorBodyId),
      "findings",
    );
    // Findings become assignments (R5): numbered after the exercise, controlled by its commission.
    const [{ seq }] = await tx
      .select({ seq: sql<number>`count(*) + 1`.mapWith(Number) })
      .from(exercise)
      .where(and(eq(exercise.ownerBodyId, e.ownerBodyId), eq(exercise.status, "held")));
    const made = input.findings.length
      ? await tx
          .insert(assignment)
          .values(
            input.findings.map((f, i) => ({
              number: `У-${seq}/${i + 1}`,
              ownerBodyId: e.ownerBodyId,
              territoryPath: e.territoryPath,
              source: "exercise",
              exerciseId: e.id,
              title: f.text,
              executorBodyId: f.executorBodyId,
              controllerBodyId: e.ownerBodyId,
              deadline: f.deadline,
              originalDeadline: f.deadline,
            })),
          )
          .returning()
      : [];
    if (made.length) {
      await tx.insert(assignmentEvent).values(
        made.map((a) => ({
          assignmentId: a.id,
          action: "assign",
          toStatus: "assigned",
          actorId: ctx.user.id,
          actorName: ctx.user.username,
          data: { exerciseId: e.id },
        })),
      );
      for (const a of made)
        await notifyBodies(tx, [a.executorBodyId], "assigned", a.id, {
          number: a.number,
          deadline: a.deadline,
        });
    }
    const [row] = await tx
      .update(exercise)
      .set({
        status: input.status,
        actualParticipants: input.actualParticipants,
        results: input.results,
        findings: input.findings.map((f, i) => ({ ...f, assignmentId: made[i]?.id ?? null })),
        version: sql`${exercise.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(exercise.id, id), eq(exercise.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "exercise.recorded",
      entityType: "exercise",
      entityId: id,
      territoryPath: e.territoryPath,
      before: { status: e.status },
      after: {
        status: input.status,
        actualParticipants: input.actualParticipants,
        assignments: made.map((a) => a.id),
      },
    });
    return (await views(tx, ctx.user.actor, [row]))[0];
  });
}

export async function listExercises(
  database: Database,
  actor: Actor,
  q: { from: string; to: string; kind?: ExerciseKind },
) {
  if (q.to < q.from) throw fieldError("to", "invalid_value");
  const scopes = actor.grants.map((g) => g.territoryPath);
  const rows = await database.db
    .select()
    .from(exercise)
    .where(
      and(
        sql`${exercise.date} between ${q.from}::date and ${q.to}::date`,
        q.kind ? eq(exercise.kind, q.kind) : undefined,
        // Narrow in SQL to the actor's subtrees and own bodies; the policy decides exactly below.
        scopes.length
          ? sql`(${sql.join(
              [
                ...scopes.map(
                  (p) =>
                    sql`${exercise.territoryPath} = ${p} or ${exercise.territoryPath} like ${`${escapeLike(p)}/%`}`,
                ),
                sql`${exercise.ownerBodyId} in (${sql.join(
                  actor.grants.map((g) => sql`${g.bodyId}::uuid`),
                  sql`, `,
                )})`,
              ],
              sql` or `,
            )})`
          : sql`false`,
      ),
    )
    .orderBy(asc(exercise.date))
    .limit(2000);
  const readable = rows.filter((r) =>
    canReadPlan(actor, { bodyId: r.ownerBodyId, territoryPath: r.territoryPath }),
  );
  return { items: await views(database.db, actor, readable) };
}

export async function getExercise(database: Database, actor: Actor, id: string) {
  const [e] = await database.db.select().from(exercise).where(eq(exercise.id, id));
  if (!e || !canReadPlan(actor, { bodyId: e.ownerBodyId, territoryPath: e.territoryPath })) throw notFound();
  return (await views(database.db, actor, [e]))[0];
}

async function views(db: DbOrTx, actor: Actor, rows: Row[]): Promise<ExerciseView[]> {
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.ownerBodyId);
    for (const b of r.participantBodyIds) ids.add(b);
    for (const f of r.findings) ids.add(f.executorBodyId);
  }
  const bodies = await bodyMap(db, [...ids]);
  const ref = (id: string) => ({ id, names: namesOf(bodies.get(id)!) });
  return rows.map((r) => ({
    id: r.id,
    owner: ref(r.ownerBodyId),
    kind: r.kind as ExerciseKind,
    basis: exerciseKindBasis[r.kind as ExerciseKind],
    title: r.title,
    scenario: r.scenario,
    place: r.place,
    setting: r.setting as "residence" | "work" | null,
    audience: r.audience as "social" | "professional" | "age" | null,
    audienceDetail: r.audienceDetail,
    date: r.date,
    participants: r.participantBodyIds.map(ref),
    plannedParticipants: r.plannedParticipants,
    status: r.status as ExerciseStatus,
    actualParticipants: r.actualParticipants,
    results: r.results,
    findings: r.findings.map((f) => ({
      text: f.text,
      executor: ref(f.executorBodyId),
      deadline: f.deadline,
      assignmentId: f.assignmentId,
    })),
    canManage: canManagePlan(actor, { bodyId: r.ownerBodyId, territoryPath: r.territoryPath }),
    version: r.version,
  }));
}
