/**
 * Consequence plans made in advance (R21): a territory's plan, optionally for a scenario and an object,
 * with a forecast and tasks grouped by R21's main tasks and typed by R20's activities, each with a
 * responsible body or force (R22, R23), a time norm and means. Approved by linking the commission's
 * signed protocol decision (R5); editing an approved plan starts its next version. The plan check
 * shows its gaps.
 */
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import {
  type ActivityType,
  canApproveFrom,
  checkPlan,
  type MainTask,
  mainTaskBasis,
  type PlanStatus,
  type Scenario,
  statusAfterEdit,
} from "../../../domain/consequences";
import type {
  CreatePlanBody,
  PlanDetail,
  PlanSummary,
  PlanTaskInput,
  UpdatePlanBody,
} from "../../../domain/contracts/consequences";
import { activationGrant, canEditConsequencePlan, canReadConsequencePlan } from "../../../domain/policy";
import { almatyDate } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { signedDecision } from "../prevention";
import { bodiesByIds, bodyMap, territoriesByCodes } from "../registry";
import { namedObjectFor, objectForLink } from "../vulnerable-objects";
import { plan, planTask, planVersion } from "./consequences.tables";
import { type ConsequencesConfig, freeBedsWithin, profilesOf, readinessOf } from "./forces.service";
import { NO_NAMES, ownerAt, refOf, regionOf, territoryOrField } from "./shared";

type Ctx = Required<RequestContext>;
export type PlanRow = typeof plan.$inferSelect;
type TaskRow = typeof planTask.$inferSelect;

const targetOf = (p: PlanRow) => ({ ownerBodyId: p.ownerBodyId, territoryPath: p.territoryPath });

export async function readablePlan(db: DbOrTx, actor: Actor, id: string) {
  const [p] = await db.select().from(plan).where(eq(plan.id, id));
  if (!p || !canReadConsequencePlan(actor, targetOf(p))) throw notFound();
  return p;
}

export function tasksOf(db: DbOrTx, planIds: readonly string[]) {
  if (!planIds.length) return Promise.resolve([] as TaskRow[]);
  return db
    .select()
    .from(planTask)
    .where(inArray(planTask.planId, [...planIds]))
    .orderBy(asc(planTask.planId), asc(planTask.position));
}

async function summaries(db: DbOrTx, rows: readonly PlanRow[]): Promise<PlanSummary[]> {
  const units = await territoriesByCodes(db, [...new Set(rows.map((r) => r.territoryCode))]);
  const owners = await bodyMap(db, [...new Set(rows.map((r) => r.ownerBodyId))]);
  const counts = rows.length
    ? await db
        .select({ planId: planTask.planId, n: sql<number>`count(*)::int` })
        .from(planTask)
        .where(
          inArray(
            planTask.planId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(planTask.planId)
    : [];
  const unit = new Map(units.map((u) => [u.code, u]));
  const n = new Map(counts.map((c) => [c.planId, Number(c.n)]));
  const today = almatyDate(new Date());
  return rows.map((r) => {
    const u = unit.get(r.territoryCode);
    return {
      id: r.id,
      title: r.title,
      status: r.status as PlanStatus,
      scenario: (r.scenario as Scenario | null) ?? null,
      territory: { code: r.territoryCode, path: r.territoryPath, names: u ? namesOf(u) : NO_NAMES },
      owner: refOf(owners.get(r.ownerBodyId), r.ownerBodyId),
      versionNo: r.versionNo,
      reviewDate: r.reviewDate,
      reviewDue: r.status !== "archived" && !!r.reviewDate && r.reviewDate <= today,
      taskCount: n.get(r.id) ?? 0,
      approval:
        r.decisionId && r.approvedAt
          ? {
              decisionId: r.decisionId,
              number: r.decisionNumber ?? "",
              approvedAt: r.approvedAt.toISOString(),
            }
          : null,
      version: r.version,
    };
  });
}

/** The plans the reader may see, in a territory's subtree when asked. */
export async function listPlans(db: DbOrTx, actor: Actor, q: { territory?: string; status?: PlanStatus }) {
  const where: SQL[] = [];
  if (q.territory) {
    const t = await territoryOrField(db, q.territory);
    where.push(
      or(eq(plan.territoryPath, t.path), sql`${plan.territoryPath} like ${`${escapeLike(t.path)}/%`}`)!,
    );
  }
  if (q.status) where.push(eq(plan.status, q.status));
  const rows = (
    await db
      .select()
      .from(plan)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(plan.updatedAt))
      .limit(2000)
  ).filter((p) => canReadConsequencePlan(actor, targetOf(p)));
  const canCreateIn = [
    ...new Set(
      actor.grants
        .filter((g) => ["commission_secretary", "atc_coordinator", "administrator"].includes(g.role))
        .map((g) => g.territoryPath.split("/").at(-1)!),
    ),
  ];
  return { items: await summaries(db, rows.slice(0, 500)), canCreateIn };
}

export async function presentPlan(db: DbOrTx, actor: Actor, p: PlanRow): Promise<PlanDetail> {
  const [summary] = await summaries(db, [p]);
  const tasks = await tasksOf(db, [p.id]);
  const bodies = await bodyMap(
    db,
    tasks.map((t) => t.responsibleBodyId).filter((x): x is string => !!x),
  );
  const versions = await db
    .select()
    .from(planVersion)
    .where(eq(planVersion.planId, p.id))
    .orderBy(desc(planVersion.versionNo));
  const people = await peopleByIds(
    db,
    versions.map((v) => v.byUser),
  );
  const copied = p.copiedFromId
    ? (await db.select({ id: plan.id, title: plan.title }).from(plan).where(eq(plan.id, p.copiedFromId)))[0]
    : undefined;
  const edit = canEditConsequencePlan(actor, targetOf(p));
  const status = p.status as PlanStatus;
  const actions: PlanDetail["allowedActions"] = [];
  if (edit && status !== "archived") actions.push("edit");
  if (edit && canApproveFrom(status)) actions.push("approve");
  if (edit) actions.push("copy");
  if (status !== "archived" && activationGrant(actor, targetOf(p))) actions.push("activate");
  if (edit && status !== "archived") actions.push("archive");
  return {
    ...summary,
    objectId: p.objectId,
    object: await namedObjectFor(db, actor, p.objectId),
    forecast: p.forecast,
    copiedFrom: copied ?? null,
    tasks: tasks.map((t) => {
      const b = t.responsibleBodyId ? bodies.get(t.responsibleBodyId) : undefined;
      return {
        id: t.id,
        mainTask: t.mainTask as MainTask,
        activity: t.activity as ActivityType,
        title: t.title,
        responsibleBodyId: t.responsibleBodyId,
        responsible: t.responsibleBodyId
          ? { ...refOf(b, t.responsibleBodyId), kind: b?.kind ?? "", subtype: b?.subtype ?? null }
          : null,
        normMinutes: t.normMinutes,
        means: t.means as PlanDetail["tasks"][number]["means"],
      };
    }),
    versions: versions.map((v) => ({
      versionNo: v.versionNo,
      decisionNumber: v.decisionNumber,
      approvedAt: v.approvedAt.toISOString(),
      byName: v.byName,
      by: (v.byUser && people.get(v.byUser)) || null,
    })),
    basis: ["R20", "R21", ...new Set(tasks.map((t) => mainTaskBasis(t.mainTask as MainTask)))],
    allowedActions: actions,
  };
}

export async function getPlan(db: DbOrTx, actor: Actor, id: string) {
  return presentPlan(db, actor, await readablePlan(db, actor, id));
}

/** Every responsible body must exist in the registry (R4, R22, R23). */
async function checkBodies(tx: DbOrTx, tasks: readonly PlanTaskInput[]) {
  const ids = tasks.map((t) => t.responsibleBodyId).filter((x): x is string => !!x);
  const found = new Set((await bodiesByIds(tx, ids)).map((b) => b.id));
  tasks.forEach((t, i) => {
    if (t.responsibleBodyId && !found.has(t.responsibleBodyId))
      throw fieldError(`tasks.${i}.responsibleBodyId`, "unknown_body");
  });
}

/**
 * A plan made for a vulnerable object (R21; Law art. 10-2: joint response planned with the HQs) names one
 * its author may see and that lies in the plan's territory or below it.
 */
async function checkPlanObject(tx: DbOrTx, actor: Actor, objectId: string | null, territoryPath: string) {
  if (!objectId) return;
  const o = await objectForLink(tx, actor, objectId);
  if (!o) throw fieldError("objectId", "unknown_object");
  if (!isInSubtree(o.territoryPath, territoryPath))
    throw fieldError("objectId", "object_outside_plan_territory");
}

async function writeTasks(tx: DbOrTx, planId: string, tasks: readonly PlanTaskInput[]) {
  await tx.delete(planTask).where(eq(planTask.planId, planId));
  if (tasks.length)
    await tx.insert(planTask).values(
      tasks.map((t, i) => ({
        planId,
        position: i + 1,
        mainTask: t.mainTask,
        activity: t.activity,
        title: t.title,
        responsibleBodyId: t.responsibleBodyId,
        normMinutes: t.normMinutes,
        means: t.means,
      })),
    );
}

const auditOf = (p: PlanRow, tasks: number) => ({
  title: p.title,
  status: p.status,
  scenario: p.scenario,
  versionNo: p.versionNo,
  reviewDate: p.reviewDate,
  forecast: p.forecast,
  tasks,
});

export async function createPlan(database: Database, ctx: Ctx, input: CreatePlanBody, copiedFromId?: string) {
  const actor = ctx.user.actor;
  const id = await database.db.transaction(async (tx) => {
    const t = await territoryOrField(tx, input.territory);
    const owner = await ownerAt(tx, t.path);
    if (!canEditConsequencePlan(actor, { ownerBodyId: owner.id, territoryPath: t.path })) throw forbidden();
    await checkBodies(tx, input.tasks);
    await checkPlanObject(tx, actor, input.objectId, t.path);
    const [row] = await tx
      .insert(plan)
      .values({
        title: input.title,
        territoryCode: t.code,
        territoryPath: t.path,
        ownerBodyId: owner.id,
        scenario: input.scenario,
        objectId: input.objectId,
        forecast: input.forecast,
        reviewDate: input.reviewDate,
        copiedFromId: copiedFromId ?? null,
        createdBy: ctx.user.id,
      })
      .returning();
    await writeTasks(tx, row.id, input.tasks);
    await writeAudit(tx, ctx, {
      action: copiedFromId ? "consequences.plan_copied" : "consequences.plan_created",
      entityType: "consequence_plan",
      entityId: row.id,
      territoryPath: t.path,
      after: { ...auditOf(row, input.tasks.length), copiedFromId: copiedFromId ?? null },
    });
    return row.id;
  });
  return getPlan(database.db, actor, id);
}

export async function updatePlan(database: Database, ctx: Ctx, id: string, input: UpdatePlanBody) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const p = await readablePlan(tx, actor, id);
    if (!canEditConsequencePlan(actor, targetOf(p))) throw forbidden();
    const next = statusAfterEdit(p.status as PlanStatus);
    if (!next) throw new AppError(409, "invalid_transition", { from: p.status, action: "edit" });
    if (p.version !== input.version) throw versionConflict();
    await checkBodies(tx, input.tasks);
    await checkPlanObject(tx, actor, input.objectId, p.territoryPath);
    const wasApproved = p.status === "approved";
    const [row] = await tx
      .update(plan)
      .set({
        title: input.title,
        scenario: input.scenario,
        objectId: input.objectId,
        forecast: input.forecast,
        reviewDate: input.reviewDate,
        status: next,
        versionNo: wasApproved ? p.versionNo + 1 : p.versionNo,
        decisionId: wasApproved ? null : p.decisionId,
        decisionNumber: wasApproved ? null : p.decisionNumber,
        approvedAt: wasApproved ? null : p.approvedAt,
        reviewNotifiedFor: input.reviewDate === p.reviewDate ? p.reviewNotifiedFor : null,
        version: p.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(plan.id, id), eq(plan.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeTasks(tx, id, input.tasks);
    await writeAudit(tx, ctx, {
      action: "consequences.plan_updated",
      entityType: "consequence_plan",
      entityId: id,
      territoryPath: p.territoryPath,
      before: auditOf(p, -1),
      after: auditOf(row, input.tasks.length),
    });
  });
  return getPlan(database.db, actor, id);
}

/** A new draft from another plan's content (its tasks, forecast), for this or another territory. */
export async function copyPlan(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { territory?: string; title?: string },
) {
  const src = await getPlan(database.db, ctx.user.actor, id);
  return createPlan(
    database,
    ctx,
    {
      territory: input.territory ?? src.territory.code,
      title: input.title ?? src.title,
      scenario: src.scenario,
      // The object stays with a copy for the same territory; another territory's plan names its own.
      objectId: !input.territory || input.territory === src.territory.code ? src.objectId : null,
      forecast: src.forecast,
      reviewDate: src.reviewDate,
      tasks: src.tasks.map((t) => ({
        mainTask: t.mainTask,
        activity: t.activity,
        title: t.title,
        responsibleBodyId: t.responsibleBodyId,
        normMinutes: t.normMinutes,
        means: t.means,
      })),
    },
    id,
  );
}

/**
 * Approval by the commission's protocol decision (R5): a signed decision of the owning commission
 * (or of a higher one) the reader may see. The approved content is kept as the version's snapshot.
 */
export async function approvePlan(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { decisionId: string; version: number },
) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const p = await readablePlan(tx, actor, id);
    if (!canEditConsequencePlan(actor, targetOf(p))) throw forbidden();
    if (!canApproveFrom(p.status as PlanStatus))
      throw new AppError(409, "invalid_transition", { from: p.status, action: "approve" });
    if (p.version !== input.version) throw versionConflict();
    const d = await signedDecision(tx, actor, input.decisionId);
    const ownerOrAbove =
      d &&
      (d.bodyId === p.ownerBodyId ||
        p.territoryPath === d.territoryPath ||
        p.territoryPath.startsWith(`${d.territoryPath}/`));
    if (!d || !ownerOrAbove) throw fieldError("decisionId", "decision_not_signed");
    const now = new Date();
    const number = `${d.number} (${d.protocolYear})`;
    const [row] = await tx
      .update(plan)
      .set({
        status: "approved",
        decisionId: d.id,
        decisionNumber: number,
        approvedAt: now,
        version: p.version + 1,
        updatedAt: now,
      })
      .where(and(eq(plan.id, id), eq(plan.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    const tasks = await tasksOf(tx, [id]);
    await tx.insert(planVersion).values({
      planId: id,
      versionNo: p.versionNo,
      decisionId: d.id,
      decisionNumber: number,
      snapshot: {
        title: p.title,
        scenario: p.scenario,
        forecast: p.forecast,
        reviewDate: p.reviewDate,
        tasks: tasks.map((t) => ({
          mainTask: t.mainTask,
          activity: t.activity,
          title: t.title,
          responsibleBodyId: t.responsibleBodyId,
          normMinutes: t.normMinutes,
          means: t.means,
        })),
      },
      approvedAt: now,
      byUser: ctx.user.id,
      byName: ctx.user.displayName,
    });
    await writeAudit(tx, ctx, {
      action: "consequences.plan_approved",
      entityType: "consequence_plan",
      entityId: id,
      territoryPath: p.territoryPath,
      before: { status: p.status },
      after: { status: "approved", versionNo: p.versionNo, decisionId: d.id, decisionNumber: number },
    });
  });
  return getPlan(database.db, actor, id);
}

export async function archivePlan(database: Database, ctx: Ctx, id: string, input: { version: number }) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const p = await readablePlan(tx, actor, id);
    if (!canEditConsequencePlan(actor, targetOf(p))) throw forbidden();
    if (p.status === "archived")
      throw new AppError(409, "invalid_transition", { from: p.status, action: "archive" });
    const [row] = await tx
      .update(plan)
      .set({ status: "archived", version: p.version + 1, updatedAt: new Date() })
      .where(and(eq(plan.id, id), eq(plan.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "consequences.plan_archived",
      entityType: "consequence_plan",
      entityId: id,
      territoryPath: p.territoryPath,
      before: { status: p.status },
      after: { status: "archived" },
    });
  });
  return getPlan(database.db, actor, id);
}

/** The plan check (domain `checkPlan`) with today's registry, readiness and free beds. */
export async function planCheckOf(db: DbOrTx, actor: Actor, id: string, cfg: ConsequencesConfig) {
  const p = await readablePlan(db, actor, id);
  const tasks = await tasksOf(db, [id]);
  const ids = [...new Set(tasks.map((t) => t.responsibleBodyId).filter((x): x is string => !!x))];
  const bodies = await bodyMap(db, ids);
  const profiles = await profilesOf(db, ids);
  const freeT = await freeBedsWithin(db, p.territoryPath);
  const freeR = await freeBedsWithin(db, regionOf(p.territoryPath));
  const facts = new Map(
    [...bodies.values()].map((b) => [
      b.id,
      { active: b.active, kind: b.kind, ...readinessOf(b, profiles.get(b.id)) },
    ]),
  );
  const gaps = checkPlan({
    tasks: tasks.map((t) => ({
      id: t.id,
      mainTask: t.mainTask as MainTask,
      responsibleBodyId: t.responsibleBodyId,
    })),
    bodies: facts,
    casualties: p.forecast.casualties,
    freeBedsTerritory: freeT,
    freeBedsRegion: freeR,
    now: Date.now(),
    staleHours: cfg.readinessStaleHours,
  });
  const c = p.forecast.casualties;
  return {
    ok: gaps.length === 0,
    bedsNeeded: c.severe + c.moderate,
    freeBedsTerritory: freeT,
    freeBedsRegion: freeR,
    gaps: gaps.map((g) => ({
      ...g,
      ...(g.bodyId ? { body: refOf(bodies.get(g.bodyId), g.bodyId) } : {}),
      bodyId: undefined,
    })),
  };
}
