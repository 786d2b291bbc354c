/**
 * Reporting up the chain (issue #4 §5): quarterly execution reports on plan measures, rolled up
 * district → region → national by category and sub-type, with which commissions reported late or not at
 * all, overdue assignments by body, the trend by quarter, and drill-down to the records behind a figure.
 * Only approved plans count. Roll-ups are SQL aggregates over indexed (year, quarter, territory path).
 */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { DashboardView, MeasureReportBody } from "../../../domain/contracts/prevention";
import { canManagePlan, canReadPlan } from "../../../domain/policy";
import {
  almatyDate,
  executionRate,
  type MeasureCategory,
  type MeasureOutcome,
  measureCategories,
  measureDueInQuarter,
  measureSubtypes,
  type Quarter,
  reportingState,
  subtypeBasis,
} from "../../../domain/prevention";
import type { Actor, Role } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { escapeLike, namesOf, rowsOf } from "../../platform/sql";
import { writeAudit } from "../audit/audit.service";
import { territory } from "../registry/registry.tables";
import { measureReport, plan, planMeasure } from "./prevention.tables";

type Ctx = Required<RequestContext>;
const READERS: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "auditor",
];
export const ROLLUP_BASIS = ["R5", "R7", "R8", "R9", "R10", "R11", "R12"];

/* ------------------------------------------------------------------------------ measure reports */

/** The responsible body reports on its measure; the commission's secretary may enter it too. */
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
async function scopeOf(database: Database, actor: Actor, code?: string) {
  const readers = actor.grants.filter((g) => READERS.includes(g.role));
  if (!readers.length) throw forbidden();
  const wanted =
    code ??
    [...readers]
      .sort((a, b) => a.territoryPath.length - b.territoryPath.length)[0]
      .territoryPath.split("/")
      .at(-1)!;
  const [t] = await database.db.select().from(territory).where(eq(territory.code, wanted));
  if (!t || !readers.some((g) => isInSubtree(t.path, g.territoryPath))) throw notFound();
  return t;
}

/** SQL: a measure is due in quarter q (mirrors measureDueInQuarter). */
const dueIn = (q: SQL) =>
  sql`(${planMeasure.periodicity} <> 'once' or (${planMeasure.deadline} is null and ${q} = 4) or extract(quarter from ${planMeasure.deadline}) = ${q})`;

const inSubtree = (col: unknown, path: string) =>
  sql`(${col} = ${path} or ${col} like ${`${escapeLike(path)}/%`})`;

export function defaultQuarter(year: number, now = new Date()): Quarter {
  const today = almatyDate(now);
  const y = Number(today.slice(0, 4));
  if (year < y) return 4;
  if (year > y) return 1;
  return (Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1) as Quarter;
}

export async function dashboard(
  database: Database,
  actor: Actor,
  q: { year: number; quarter?: number; territory?: string },
  now = new Date(),
): Promise<DashboardView> {
  const t = await scopeOf(database, actor, q.territory);
  const quarter = (q.quarter ?? defaultQuarter(q.year, now)) as Quarter;
  const depth = t.path.split("/").length;
  const child = (col: unknown) => sql<string>`split_part(${col}, '/', ${depth + 1})`;

  const [expected, reported, trendExpected, trendReported, commissions, overdue, parent] = await Promise.all([
    rowsOf<{ category: string; subtype: string; child: string; n: string }>(
      database.db,
      sql`select ${planMeasure.category} as category, ${planMeasure.subtype} as subtype, ${child(plan.territoryPath)} as child, count(*) as n
          from ${planMeasure} join ${plan} on ${plan.id} = ${planMeasure.planId}
          where ${plan.year} = ${q.year} and ${plan.status} = 'approved' and ${inSubtree(plan.territoryPath, t.path)}
            and ${dueIn(sql`${quarter}::int`)}
          group by 1, 2, 3`,
    ),
    rowsOf<{ category: string; subtype: string; child: string; outcome: string; n: string }>(
      database.db,
      sql`select category, subtype, ${child(measureReport.territoryPath)} as child, outcome, count(*) as n
          from ${measureReport}
          where ${measureReport.year} = ${q.year} and ${measureReport.quarter} = ${quarter}
            and ${inSubtree(measureReport.territoryPath, t.path)}
          group by 1, 2, 3, 4`,
    ),
    rowsOf<{ quarter: number; n: string }>(
      database.db,
      sql`select qs.q as quarter, count(*) as n
          from ${planMeasure} join ${plan} on ${plan.id} = ${planMeasure.planId}
          cross join generate_series(1, 4) as qs(q)
          where ${plan.year} = ${q.year} and ${plan.status} = 'approved' and ${inSubtree(plan.territoryPath, t.path)}
            and ${dueIn(sql`qs.q`)}
          group by 1`,
    ),
    rowsOf<{ quarter: number; outcome: string; n: string }>(
      database.db,
      sql`select quarter, outcome, count(*) as n from ${measureReport}
          where ${measureReport.year} = ${q.year} and ${inSubtree(measureReport.territoryPath, t.path)}
          group by 1, 2`,
    ),
    rowsOf<{
      id: string;
      name_kk: string;
      name_ru: string;
      name_en: string;
      territory_path: string;
      plan_id: string | null;
      first: Date | string | null;
    }>(
      database.db,
      sql`select b.id, b.name_kk, b.name_ru, b.name_en, b.territory_path, p.id as plan_id,
                 (select min(r.reported_at) from measure_report r
                   where r.plan_id = p.id and r.year = ${q.year} and r.quarter = ${quarter}) as first
          from body b
          left join plan p on p.body_id = b.id and p.year = ${q.year} and p.status = 'approved'
          where b.kind in ('commission', 'atc') and b.active and ${inSubtree(sql`b.territory_path`, t.path)}
          order by b.territory_path`,
    ),
    rowsOf<{ id: string; name_kk: string; name_ru: string; name_en: string; n: string }>(
      database.db,
      sql`select b.id, b.name_kk, b.name_ru, b.name_en, count(*) as n
          from assignment a join body b on b.id = a.executor_body_id
          where a.status in ('assigned', 'returned', 'extension_requested')
            and a.deadline < ${almatyDate(now)}::date and ${inSubtree(sql`a.territory_path`, t.path)}
          group by 1, 2, 3, 4 order by n desc limit 15`,
    ),
    t.parentCode
      ? database.db.select().from(territory).where(eq(territory.code, t.parentCode))
      : Promise.resolve([]),
  ]);

  // Fold the aggregates into categories, sub-types and child territories.
  type Acc = { expected: number; done: number; partial: number; notDone: number };
  const blank = (): Acc => ({ expected: 0, done: 0, partial: 0, notDone: 0 });
  const totals = blank();
  const byCat = new Map<string, Acc>();
  const bySub = new Map<string, Acc>();
  const byChild = new Map<string, Acc>();
  const bump = (m: Map<string, Acc>, k: string) => {
    if (!m.has(k)) m.set(k, blank());
    return m.get(k)!;
  };
  for (const r of expected) {
    const n = Number(r.n);
    for (const a of [
      totals,
      bump(byCat, r.category),
      bump(bySub, `${r.category}/${r.subtype}`),
      bump(byChild, r.child),
    ])
      a.expected += n;
  }
  for (const r of reported) {
    const n = Number(r.n);
    const key = r.outcome === "done" ? "done" : r.outcome === "partial" ? "partial" : "notDone";
    for (const a of [
      totals,
      bump(byCat, r.category),
      bump(bySub, `${r.category}/${r.subtype}`),
      bump(byChild, r.child),
    ])
      a[key] += n;
  }
  const withRate = (a: Acc) => ({
    expected: a.expected,
    done: a.done,
    partial: a.partial,
    rate: executionRate(a),
  });

  // Commissions' reporting state for the quarter, counted per child territory too.
  const states = commissions.map((c) => {
    const first = c.first ? new Date(c.first) : null;
    return {
      body: { id: c.id, names: namesOf({ nameKk: c.name_kk, nameRu: c.name_ru, nameEn: c.name_en }) },
      territoryPath: c.territory_path,
      planId: c.plan_id,
      state: reportingState(first, q.year, quarter, now),
      firstReportedAt: first ? first.toISOString() : null,
    };
  });
  const children = await database.db
    .select()
    .from(territory)
    .where(
      and(
        eq(territory.parentCode, t.code),
        sql`${territory.type} in ('region','city_republican','district','city_regional')`,
      ),
    )
    .orderBy(asc(territory.code));
  const byTerritory = children.map((c) => {
    const mine = states.filter((s) => isInSubtree(s.territoryPath, c.path));
    return {
      code: c.code,
      names: namesOf(c),
      path: c.path,
      ...withRate(byChild.get(c.code) ?? blank()),
      commissions: mine.length,
      onTime: mine.filter((s) => s.state === "on_time").length,
      late: mine.filter((s) => s.state === "late").length,
      missing: mine.filter((s) => s.state === "missing").length,
    };
  });

  const trend = [1, 2, 3, 4].map((qq) => {
    const a = blank();
    a.expected = Number(trendExpected.find((r) => Number(r.quarter) === qq)?.n ?? 0);
    for (const r of trendReported.filter((x) => Number(x.quarter) === qq)) {
      const n = Number(r.n);
      if (r.outcome === "done") a.done += n;
      else if (r.outcome === "partial") a.partial += n;
      else a.notDone += n;
    }
    return { quarter: qq, ...withRate(a) };
  });

  return {
    year: q.year,
    quarter,
    territory: { code: t.code, names: namesOf(t), path: t.path },
    parent: parent[0] ? { code: parent[0].code, names: namesOf(parent[0]), path: parent[0].path } : null,
    totals: { ...withRate(totals), notDone: totals.notDone },
    byCategory: measureCategories.map((c) => ({ category: c, ...withRate(byCat.get(c) ?? blank()) })),
    bySubtype: measureCategories.flatMap((c) =>
      measureSubtypes[c]
        .map((s) => ({
          category: c,
          subtype: s.key,
          basis: subtypeBasis(c as MeasureCategory, s.key) ?? "R7",
          ...withRate(bySub.get(`${c}/${s.key}`) ?? blank()),
        }))
        .filter((r) => r.expected > 0),
    ),
    byTerritory,
    trend,
    commissions: states,
    overdueByBody: overdue.map((o) => ({
      body: { id: o.id, names: namesOf({ nameKk: o.name_kk, nameRu: o.name_ru, nameEn: o.name_en }) },
      overdue: Number(o.n),
    })),
    basis: ROLLUP_BASIS,
  };
}

/** The records behind a figure: measures due in the quarter, with their outcome (or "missing"). */
export async function dashboardRecords(
  database: Database,
  actor: Actor,
  q: {
    year: number;
    quarter?: number;
    territory?: string;
    category?: string;
    subtype?: string;
    outcome?: string;
    limit: number;
    offset: number;
  },
) {
  const t = await scopeOf(database, actor, q.territory);
  const quarter = q.quarter ?? defaultQuarter(q.year);
  const conds = [
    sql`p.year = ${q.year}`,
    sql`p.status = 'approved'`,
    inSubtree(sql`p.territory_path`, t.path),
    sql`(m.periodicity <> 'once' or (m.deadline is null and ${quarter}::int = 4) or extract(quarter from m.deadline) = ${quarter})`,
  ];
  if (q.category) conds.push(sql`m.category = ${q.category}`);
  if (q.subtype) conds.push(sql`m.subtype = ${q.subtype}`);
  if (q.outcome === "missing") conds.push(sql`r.id is null`);
  else if (q.outcome) conds.push(sql`r.outcome = ${q.outcome}`);
  const where = sql.join(conds, sql` and `);
  const from = sql`from plan_measure m join plan p on p.id = m.plan_id
    join body c on c.id = p.body_id join body rb on rb.id = m.responsible_body_id
    left join measure_report r on r.measure_id = m.id and r.year = ${q.year} and r.quarter = ${quarter}`;
  const [rows, [{ n }]] = await Promise.all([
    rowsOf<{
      measure_id: string;
      plan_id: string;
      c_id: string;
      c_kk: string;
      c_ru: string;
      c_en: string;
      category: string;
      subtype: string;
      title: string;
      rb_id: string;
      rb_kk: string;
      rb_ru: string;
      rb_en: string;
      outcome: string | null;
      reported_at: Date | string | null;
    }>(
      database.db,
      sql`select m.id as measure_id, p.id as plan_id, c.id as c_id, c.name_kk as c_kk, c.name_ru as c_ru, c.name_en as c_en,
            m.category, m.subtype, m.title, rb.id as rb_id, rb.name_kk as rb_kk, rb.name_ru as rb_ru, rb.name_en as rb_en,
            r.outcome, r.reported_at
          ${from} where ${where} order by p.territory_path, m.created_at limit ${q.limit} offset ${q.offset}`,
    ),
    rowsOf<{ n: string }>(database.db, sql`select count(*) as n ${from} where ${where}`),
  ]);
  return {
    total: Number(n),
    items: rows.map((r) => ({
      measureId: r.measure_id,
      planId: r.plan_id,
      commission: { id: r.c_id, names: namesOf({ nameKk: r.c_kk, nameRu: r.c_ru, nameEn: r.c_en }) },
      category: r.category as MeasureCategory,
      subtype: r.subtype,
      title: r.title,
      responsibleBody: { id: r.rb_id, names: namesOf({ nameKk: r.rb_kk, nameRu: r.rb_ru, nameEn: r.rb_en }) },
      outcome: (r.outcome ?? "missing") as MeasureOutcome | "missing",
      reportedAt: r.reported_at ? new Date(r.reported_at).toISOString() : null,
    })),
  };
}
