/**
 * Quarterly execution reports on plan measures (R5–R12): the responsible body reports on its measure
 * (done, partly, not done, with figures); the commission's secretary may enter it too. Each report
 * updates the roll-up read model the dashboard reads (rollup.service.ts).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { MeasureReportBody } from "../../../domain/contracts/prevention";
import { canManagePlan, canReadPlan } from "../../../domain/policy";
import { type MeasureOutcome, measureDueInQuarter, type Quarter } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { writeAudit } from "../audit";
import { measureReport, plan, planMeasure } from "./prevention.tables";
import { rebuildRollup } from "./rollup.service";

type Ctx = Required<RequestContext>;

export async function reportMeasure(
  database: Database,
  ctx: Ctx,
  planId: string,
  measureId: string,
  input: MeasureReportBody,
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ m: planMeasure, p: plan })
      .from(planMeasure)
      .innerJoin(plan, eq(plan.id, planMeasure.planId))
      .where(and(eq(planMeasure.id, measureId), eq(planMeasure.planId, planId)));
    if (!row) throw notFound();
    // One writer per plan at a time: its roll-up rows are rebuilt below.
    await tx.execute(sql`select id from plan where id = ${planId} for update`);
    const target = { bodyId: row.p.bodyId, territoryPath: row.p.territoryPath };
    const responsible = actor.grants.some(
      (g) => g.role !== "auditor" && g.bodyId === row.m.responsibleBodyId,
    );
    if (!responsible && !canReadPlan(actor, target)) throw notFound();
    if (!responsible && !canManagePlan(actor, target)) throw forbidden();
    if (row.p.status !== "approved")
      throw new AppError(409, "invalid_transition", { from: row.p.status, action: "report" });
    if (input.year !== row.p.year) throw fieldError("year", "invalid_value");
    const deadline = row.m.deadline ? String(row.m.deadline) : null;
    if (!measureDueInQuarter({ periodicity: row.m.periodicity, deadline }, input.quarter as Quarter))
      throw fieldError("quarter", "not_due_in_quarter");
    const values = {
      measureId,
      planId,
      ownerBodyId: row.p.bodyId,
      territoryPath: row.p.territoryPath,
      category: row.m.category,
      subtype: row.m.subtype,
      year: input.year,
      quarter: input.quarter,
      outcome: input.outcome,
      figures: input.figures as Record<string, number>,
      text: input.text,
      reportedBy: ctx.user.username,
    };
    const [saved] = await tx
      .insert(measureReport)
      .values(values)
      .onConflictDoUpdate({
        target: [measureReport.measureId, measureReport.year, measureReport.quarter],
        // A correction keeps the first report's time: lateness is judged by when it first came.
        set: {
          outcome: values.outcome,
          figures: values.figures,
          text: values.text,
          reportedBy: values.reportedBy,
          version: sql`${measureReport.version} + 1`,
        },
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "plan.measure_reported",
      entityType: "plan",
      entityId: planId,
      territoryPath: row.p.territoryPath,
      after: {
        measureId,
        year: input.year,
        quarter: input.quarter,
        outcome: input.outcome,
        figures: input.figures,
      },
    });
    await rebuildRollup(tx, sql`p.id = ${planId}`);
    return reportView(saved);
  });
}

function reportView(r: typeof measureReport.$inferSelect) {
  return {
    id: r.id,
    measureId: r.measureId,
    year: r.year,
    quarter: r.quarter,
    outcome: r.outcome as MeasureOutcome,
    figures: r.figures,
    text: r.text,
    reportedAt: r.reportedAt.toISOString(),
    reportedBy: r.reportedBy,
    version: r.version,
  };
}

export async function listMeasureReports(database: Database, actor: Actor, planId: string) {
  const [p] = await database.db.select().from(plan).where(eq(plan.id, planId));
  if (!p || !canReadPlan(actor, { bodyId: p.bodyId, territoryPath: p.territoryPath })) throw notFound();
  const rows = await database.db
    .select()
    .from(measureReport)
    .where(eq(measureReport.planId, planId))
    .orderBy(asc(measureReport.quarter));
  return { items: rows.map(reportView) };
}

/* ------------------------------------------------------------------------------------- roll-up */

/** The territory the dashboard is about: asked for, or the widest the actor reads; 404 outside scope. */
