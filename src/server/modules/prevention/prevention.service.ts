/**
 * Plans of prevention measures (R5–R13): a commission's (or the ATC's) plan for a year —
 * drafted, filled with measures from the catalogue, approved by the chair's decision, copied from a
 * previous year. Every change is audited (the audit log is the amendment history).
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { MeasureBody, PlanDetail } from "../../../domain/contracts/prevention";
import { canManagePlan, canReadPlan } from "../../../domain/policy";
import { isValidSubtype, type MeasureCategory, subtypeBasis } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { type BodyRecord, bodiesByIds, bodyById, bodyMap } from "../registry";
import { measureReport, plan, planMeasure } from "./prevention.tables";
import { rebuildRollup } from "./rollup.service";

type Ctx = Required<RequestContext>;
type PlanRow = typeof plan.$inferSelect;

const PLAN_OWNERS = ["commission", "atc"];

async function readablePlan(db: DbOrTx, actor: Actor, id: string) {
  const [p] = await db.select().from(plan).where(eq(plan.id, id));
  if (!p || !canReadPlan(actor, { bodyId: p.bodyId, territoryPath: p.territoryPath })) throw notFound();
  return p;
}

/** The plan, when the actor may manage it: 404 when it may not even read it, 403 when only read. */
export async function managedPlan(db: DbOrTx, actor: Actor, id: string) {
  const p = await readablePlan(db, actor, id);
  if (!canManagePlan(actor, { bodyId: p.bodyId, territoryPath: p.territoryPath })) throw forbidden();
  return p;
}

function measureFields(m: MeasureBody) {
  return {
    category: m.category,
    subtype: m.subtype,
    title: m.title,
    responsibleBodyId: m.responsibleBodyId,
    coExecutorIds: m.coExecutorIds,
    partnerIds: m.partnerIds,
    deadline: m.deadline ?? null,
    periodicity: m.periodicity,
    indicators: m.indicators as Record<string, number>,
    goals: m.category === "propaganda" ? m.goals : [],
  };
}

export async function createPlan(
  database: Database,
  ctx: Ctx,
  input: { bodyId: string; year: number; copyFromYear?: number },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const owner = await bodyById(tx, input.bodyId);
    if (!owner || !PLAN_OWNERS.includes(owner.kind)) throw fieldError("bodyId", "invalid_value");
    if (!canManagePlan(actor, { bodyId: owner.id, territoryPath: owner.territoryPath })) throw forbidden();
    const [exists] = await tx
      .select({ id: plan.id })
      .from(plan)
      .where(and(eq(plan.bodyId, owner.id), eq(plan.year, input.year)));
    if (exists) throw new AppError(409, "conflict", { detail: String(input.year) });
    const [p] = await tx
      .insert(plan)
      .values({ bodyId: owner.id, territoryPath: owner.territoryPath, year: input.year })
      .returning();
    let copied = 0;
    if (input.copyFromYear) {
      const [source] = await tx
        .select()
        .from(plan)
        .where(and(eq(plan.bodyId, owner.id), eq(plan.year, input.copyFromYear)));
      if (!source) throw fieldError("copyFromYear", "invalid_value");
      const measures = await tx.select().from(planMeasure).where(eq(planMeasure.planId, source.id));
      if (measures.length) {
        await tx.insert(planMeasure).values(
          measures.map(({ id: _id, planId: _p, createdAt: _c, version: _v, status: _s, deadline, ...m }) => ({
            ...m,
            planId: p.id,
            // The same day of the new year.
            deadline: deadline ? `${input.year}${String(deadline).slice(4)}` : null,
          })),
        );
      }
      copied = measures.length;
    }
    if (copied) await rebuildRollup(tx, sql`p.id = ${p.id}`);
    await writeAudit(tx, ctx, {
      action: "plan.created",
      entityType: "plan",
      entityId: p.id,
      territoryPath: p.territoryPath,
      after: { bodyId: owner.id, year: input.year, copiedFromYear: input.copyFromYear ?? null, copied },
    });
    return getPlan(tx, actor, p.id);
  });
}

/**
 * The catalogue and the references of measures: each sub-type fits its category, bodies exist, partners
 * are partners. One query for all of them, so a whole imported file is checked at once.
 */
async function checkMeasures(tx: DbOrTx, ms: readonly MeasureBody[]) {
  for (const m of ms) {
    if (!isValidSubtype(m.category as MeasureCategory, m.subtype)) {
      throw fieldError("subtype", "invalid_value");
    }
  }
  const ids = [...new Set(ms.flatMap((m) => [m.responsibleBodyId, ...m.coExecutorIds, ...m.partnerIds]))];
  const kinds = new Map<string, string>();
  for (const b of await bodiesByIds(tx, ids)) kinds.set(b.id, b.kind);
  for (const m of ms) {
    if (!kinds.has(m.responsibleBodyId)) throw fieldError("responsibleBodyId", "invalid_value");
    if (m.partnerIds.some((id) => kinds.get(id) !== "partner")) {
      throw fieldError("partnerIds", "invalid_value");
    }
  }
}

const bumpPlan = (tx: DbOrTx, id: string) =>
  tx
    .update(plan)
    .set({ version: sql`${plan.version} + 1`, updatedAt: new Date() })
    .where(eq(plan.id, id));

/**
 * Insert checked measures into a plan: the rows (in the given order), the plan's version, the roll-up,
 * and one `plan.measure_added` audit entry per measure — the one path for adding measures by hand or
 * from an imported file. Call inside the transaction.
 */
async function insertMeasures(tx: DbOrTx, ctx: Ctx, p: PlanRow, ms: readonly MeasureBody[]) {
  if (!ms.length) return;
  // Ids made here, so each audit entry names its row without relying on the order of RETURNING.
  const ids = ms.map(() => randomUUID());
  await tx.insert(planMeasure).values(
    ms.map((m, i) => ({
      id: ids[i],
      planId: p.id,
      ...measureFields(m),
      // The plan lists measures by creation time: keep the order of a batch.
      createdAt: sql`now() + interval '1 microsecond' * ${i}::int`,
    })),
  );
  await bumpPlan(tx, p.id);
  await rebuildRollup(tx, sql`p.id = ${p.id}`);
  for (const [i, m] of ms.entries()) {
    await writeAudit(tx, ctx, {
      action: "plan.measure_added",
      entityType: "plan",
      entityId: p.id,
      territoryPath: p.territoryPath,
      after: { measureId: ids[i], ...measureFields(m), amendment: p.status === "approved" },
    });
  }
}

export async function addMeasure(database: Database, ctx: Ctx, planId: string, m: MeasureBody) {
  if (!isValidSubtype(m.category as MeasureCategory, m.subtype)) {
    throw fieldError("subtype", "invalid_value");
  }
  return database.db.transaction(async (tx) => {
    const p = await managedPlan(tx, ctx.user.actor, planId);
    await checkMeasures(tx, [m]);
    await insertMeasures(tx, ctx, p, [m]);
    return getPlan(tx, ctx.user.actor, p.id);
  });
}

/** Add several measures in one transaction (an imported file): all of them or, on any error, none. */
export async function addMeasures(
  database: Database,
  ctx: Ctx,
  planId: string,
  ms: readonly MeasureBody[],
): Promise<number> {
  return database.db.transaction(async (tx) => {
    const p = await managedPlan(tx, ctx.user.actor, planId);
    await checkMeasures(tx, ms);
    await insertMeasures(tx, ctx, p, ms);
    return ms.length;
  });
}

/** Amend a measure (R5: an approved plan is amended, and the audit log keeps before and after). */
export async function updateMeasure(
  database: Database,
  ctx: Ctx,
  planId: string,
  measureId: string,
  m: MeasureBody & { version: number },
) {
  return database.db.transaction(async (tx) => {
    const p = await managedPlan(tx, ctx.user.actor, planId);
    const [old] = await tx
      .select()
      .from(planMeasure)
      .where(and(eq(planMeasure.id, measureId), eq(planMeasure.planId, planId)));
    if (!old) throw notFound();
    await checkMeasures(tx, [m]);
    const [row] = await tx
      .update(planMeasure)
      .set({ ...measureFields(m), version: sql`${planMeasure.version} + 1` })
      .where(and(eq(planMeasure.id, measureId), eq(planMeasure.version, m.version)))
      .returning();
    if (!row) throw versionConflict();
    await bumpPlan(tx, p.id);
    await rebuildRollup(tx, sql`p.id = ${p.id}`);
    const { id: _i, planId: _p, createdAt: _c, version: _v, status: _s, ...before } = old;
    await writeAudit(tx, ctx, {
      action: "plan.measure_updated",
      entityType: "plan",
      entityId: p.id,
      territoryPath: p.territoryPath,
      before: { measureId, ...before },
      after: { measureId, ...measureFields(m), amendment: p.status === "approved" },
    });
    return getPlan(tx, ctx.user.actor, p.id);
  });
}

/** Remove a measure that nobody has reported on yet; one with reports stays (its history matters). */
export async function removeMeasure(
  database: Database,
  ctx: Ctx,
  planId: string,
  measureId: string,
  version: number,
) {
  return database.db.transaction(async (tx) => {
    const p = await managedPlan(tx, ctx.user.actor, planId);
    const [old] = await tx
      .select()
      .from(planMeasure)
      .where(and(eq(planMeasure.id, measureId), eq(planMeasure.planId, planId)));
    if (!old) throw notFound();
    if (old.version !== version) throw versionConflict();
    const [{ n }] = await tx
      .select({ n: count() })
      .from(measureReport)
      .where(eq(measureReport.measureId, measureId));
    if (Number(n) > 0) throw new AppError(409, "has_reports");
    await tx.delete(planMeasure).where(eq(planMeasure.id, measureId));
    await bumpPlan(tx, p.id);
    await rebuildRollup(tx, sql`p.id = ${p.id}`);
    await writeAudit(tx, ctx, {
      action: "plan.measure_removed",
      entityType: "plan",
      entityId: p.id,
      territoryPath: p.territoryPath,
      before: { measureId, title: old.title, category: old.category, subtype: old.subtype },
      after: { amendment: p.status === "approved" },
    });
    return getPlan(tx, ctx.user.actor, p.id);
  });
}

export async function approvePlan(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { version: number; decisionRef: string },
) {
  return database.db.transaction(async (tx) => {
    const p = await managedPlan(tx, ctx.user.actor, id);
    if (p.status !== "draft")
      throw new AppError(409, "invalid_transition", { from: p.status, action: "approve" });
    const [{ n }] = await tx.select({ n: count() }).from(planMeasure).where(eq(planMeasure.planId, id));
    if (Number(n) === 0) throw new AppError(409, "invalid_transition", { from: "empty", action: "approve" });
    const [row] = await tx
      .update(plan)
      .set({
        status: "approved",
        decisionRef: input.decisionRef,
        approvedAt: new Date(),
        approvedBy: ctx.user.username,
        version: sql`${plan.version} + 1`,
      })
      .where(and(eq(plan.id, id), eq(plan.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "plan.approved",
      entityType: "plan",
      entityId: id,
      territoryPath: p.territoryPath,
      after: { decisionRef: input.decisionRef },
    });
    return getPlan(tx, ctx.user.actor, id);
  });
}

export async function listPlans(database: Database, actor: Actor, year?: number) {
  const conds: SQL[] = [];
  if (year) conds.push(eq(plan.year, year));
  const rows = await database.db
    .select({
      p: plan,
      n: sql<number>`(select count(*) from plan_measure m where m.plan_id = "plan"."id")`.mapWith(Number),
    })
    .from(plan)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(plan.territoryPath), asc(plan.year))
    .limit(2000);
  const readable = rows.filter((r) =>
    canReadPlan(actor, { bodyId: r.p.bodyId, territoryPath: r.p.territoryPath }),
  );
  const bodies = await bodyMap(
    database.db,
    readable.map((r) => r.p.bodyId),
  );
  return { items: readable.map((r) => viewOf(r.p, bodies.get(r.p.bodyId) as BodyRecord, r.n)) };
}

function viewOf(p: PlanRow, b: BodyRecord, n: number) {
  return {
    id: p.id,
    body: { id: b.id, names: namesOf(b) },
    year: p.year,
    status: p.status as "draft" | "approved",
    decisionRef: p.decisionRef,
    approvedAt: p.approvedAt?.toISOString() ?? null,
    version: p.version,
    measureCount: n,
  };
}

export async function getPlan(db: DbOrTx, actor: Actor, id: string): Promise<PlanDetail> {
  const p = await readablePlan(db, actor, id);
  const measures = await db
    .select()
    .from(planMeasure)
    .where(eq(planMeasure.planId, id))
    .orderBy(asc(planMeasure.createdAt));
  const ids = [
    ...new Set([
      p.bodyId,
      ...measures.flatMap((m) => [m.responsibleBodyId, ...m.coExecutorIds, ...m.partnerIds]),
    ]),
  ];
  const bodies = await bodyMap(db, ids);
  const refs = (list: readonly string[]) =>
    list.flatMap((id) => {
      const b = bodies.get(id);
      return b ? [{ id, names: namesOf(b) }] : [];
    });
  return {
    ...viewOf(p, bodies.get(p.bodyId)!, measures.length),
    measures: measures.map((m) => ({
      id: m.id,
      category: m.category as MeasureCategory,
      subtype: m.subtype,
      basis: subtypeBasis(m.category as MeasureCategory, m.subtype) ?? "R7",
      title: m.title,
      responsibleBody: { id: m.responsibleBodyId, names: namesOf(bodies.get(m.responsibleBodyId)!) },
      coExecutorIds: m.coExecutorIds,
      partnerIds: m.partnerIds,
      coExecutors: refs(m.coExecutorIds),
      partners: refs(m.partnerIds),
      deadline: m.deadline ? String(m.deadline) : null,
      periodicity: m.periodicity as "once" | "monthly" | "quarterly",
      indicators: m.indicators,
      goals: m.goals as never,
      status: m.status,
      version: m.version,
    })),
    canManage: canManagePlan(actor, { bodyId: p.bodyId, territoryPath: p.territoryPath }),
    basis: ["R5", "R6", "R7"],
  };
}
