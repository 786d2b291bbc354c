/**
 * Reporting up the chain: quarterly execution reports on plan measures, rolled up
 * district → region → national by category and sub-type, with which commissions reported late or not at
 * all, overdue assignments by body, the trend by quarter, and drill-down to the records behind a figure.
 * Only approved plans count. Roll-ups are SQL aggregates over indexed (year, quarter, territory path).
 */
import { type SQL, sql } from "drizzle-orm";
import type { DashboardView } from "../../../domain/contracts/prevention";
import { ROLLUP_READERS } from "../../../domain/policy";
import {
  almatyDate,
  executionRate,
  type MeasureCategory,
  type MeasureOutcome,
  measureCategories,
  measureSubtypes,
  type Quarter,
  reportingState,
  subtypeBasis,
} from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { Database, DbOrTx } from "../../platform/db";
import { forbidden, notFound } from "../../platform/errors";
import { escapeLike, namesOf, rowsOf } from "../../platform/sql";
import { childTerritories, territoryByCode } from "../registry";

export const ROLLUP_BASIS = ["R5", "R7", "R8", "R9", "R10", "R11", "R12"];

/* ------------------------------------------------------------------------------ measure reports */

/** The responsible body reports on its measure; the commission's secretary may enter it too. */
async function scopeOf(database: Database, actor: Actor, code?: string) {
  const readers = actor.grants.filter((g) => ROLLUP_READERS.includes(g.role));
  if (!readers.length) throw forbidden();
  const wanted =
    code ??
    [...readers]
      .sort((a, b) => a.territoryPath.length - b.territoryPath.length)[0]
      .territoryPath.split("/")
      .at(-1)!;
  const t = await territoryByCode(database.db, wanted);
  if (!t || !readers.some((g) => isInSubtree(t.path, g.territoryPath))) throw notFound();
  return t;
}

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

  const sums = sql`sum(r.expected)::int as expected, sum(r.done)::int as done, sum(r.partial)::int as partial, sum(r.not_done)::int as not_done`;
  const rollupOf = sql`measure_rollup r join plan p on p.id = r.plan_id and p.status = 'approved'`;
  type Sums = { expected: number; done: number; partial: number; not_done: number };
  const [cells, trendRows, commissions, overdue, parent] = await Promise.all([
    rowsOf<Sums & { category: string; subtype: string; child: string }>(
      database.db,
      sql`select r.category, r.subtype, ${child(sql`r.territory_path`)} as child, ${sums}
          from ${rollupOf}
          where r.year = ${q.year} and r.quarter = ${quarter} and ${inSubtree(sql`r.territory_path`, t.path)}
          group by 1, 2, 3`,
    ),
    rowsOf<Sums & { quarter: number }>(
      database.db,
      sql`select r.quarter, ${sums} from ${rollupOf}
          where r.year = ${q.year} and ${inSubtree(sql`r.territory_path`, t.path)}
          group by 1`,
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
                 (select min(r.first_reported_at) from measure_rollup r
                   where r.plan_id = p.id and r.quarter = ${quarter}) as first
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
    t.parentCode ? territoryByCode(database.db, t.parentCode) : Promise.resolve(undefined),
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
  for (const r of cells) {
    for (const a of [
      totals,
      bump(byCat, r.category),
      bump(bySub, `${r.category}/${r.subtype}`),
      bump(byChild, r.child),
    ]) {
      a.expected += Number(r.expected);
      a.done += Number(r.done);
      a.partial += Number(r.partial);
      a.notDone += Number(r.not_done);
    }
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
  const children = await childTerritories(database.db, t.code, [
    "region",
    "city_republican",
    "district",
    "city_regional",
  ]);
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
    const r = trendRows.find((x) => Number(x.quarter) === qq);
    const a = blank();
    if (r) {
      a.expected = Number(r.expected);
      a.done = Number(r.done);
      a.partial = Number(r.partial);
      a.notDone = Number(r.not_done);
    }
    return { quarter: qq, ...withRate(a) };
  });

  return {
    year: q.year,
    quarter,
    territory: { code: t.code, names: namesOf(t), path: t.path },
    parent: parent ? { code: parent.code, names: namesOf(parent), path: parent.path } : null,
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
  // The read model says which plans hold matching records and how many; measures are read only
  // for the plans the page falls in, in territory order.
  const figure =
    q.outcome === "missing"
      ? sql`r.expected - r.done - r.partial - r.not_done`
      : q.outcome === "done"
        ? sql`r.done`
        : q.outcome === "partial"
          ? sql`r.partial`
          : q.outcome === "not_done"
            ? sql`r.not_done`
            : sql`r.expected`;
  const cells = sql`measure_rollup r join plan p on p.id = r.plan_id and p.status = 'approved'
          where r.year = ${q.year} and r.quarter = ${quarter} and ${inSubtree(sql`r.territory_path`, t.path)}
            ${q.category ? sql`and r.category = ${q.category}` : sql``}
            ${q.subtype ? sql`and r.subtype = ${q.subtype}` : sql``}`;
  const measureConds = [
    sql`m.plan_id = pl.plan_id`,
    sql`(m.periodicity <> 'once' or (m.deadline is null and ${quarter}::int = 4) or extract(quarter from m.deadline) = ${quarter})`,
  ];
  if (q.category) measureConds.push(sql`m.category = ${q.category}`);
  if (q.subtype) measureConds.push(sql`m.subtype = ${q.subtype}`);
  if (q.outcome === "missing") measureConds.push(sql`r.id is null`);
  else if (q.outcome) measureConds.push(sql`r.outcome = ${q.outcome}`);
  // Plans with matching records, in page order, each with its count from the read model; only
  // the plans the requested page falls in are opened.
  const plans = await rowsOf<{ plan_id: string; n: string }>(
    database.db,
    sql`select r.plan_id, sum(${figure}) as n from ${cells}
        group by r.plan_id having sum(${figure}) > 0
        order by min(r.territory_path), r.plan_id`,
  );
  const total = plans.reduce((sum, p) => sum + Number(p.n), 0);
  const page: { planId: string; skip: number }[] = [];
  let skip = q.offset;
  let room = q.limit;
  for (const p of plans) {
    const n = Number(p.n);
    if (room <= 0) break;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    page.push({ planId: p.plan_id, skip });
    room -= n - skip;
    skip = 0;
  }
  type Row = {
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
  };
  const found = page.length
    ? await rowsOf<Row>(
        database.db,
        sql`select m.id as measure_id, m.plan_id, c.id as c_id, c.name_kk as c_kk, c.name_ru as c_ru,
                   c.name_en as c_en, m.category, m.subtype, m.title, rb.id as rb_id, rb.name_kk as rb_kk,
                   rb.name_ru as rb_ru, rb.name_en as rb_en, r.outcome, r.reported_at
            from plan_measure m
            join plan p on p.id = m.plan_id
            join body c on c.id = p.body_id
            join body rb on rb.id = m.responsible_body_id
            left join measure_report r on r.measure_id = m.id and r.year = ${q.year} and r.quarter = ${quarter}
            where m.plan_id in (${sql.join(
              page.map((x) => sql`${x.planId}::uuid`),
              sql`, `,
            )}) and ${sql.join(
              measureConds.map((c) => (c === measureConds[0] ? sql`true` : c)),
              sql` and `,
            )}
            order by m.created_at, m.id`,
      )
    : [];
  const byPlan = new Map<string, Row[]>();
  for (const r of found) {
    const l = byPlan.get(r.plan_id);
    if (l) l.push(r);
    else byPlan.set(r.plan_id, [r]);
  }
  const rows = page.flatMap((x) => (byPlan.get(x.planId) ?? []).slice(x.skip)).slice(0, q.limit);
  return {
    total,
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

/* ------------------------------------------------------------------------------- the read model */

/**
 * Rebuild the roll-up rows of the plans matching `plans` (a condition on alias `p`): due measures per
 * quarter, category and sub-type with their reported outcomes and the plan's first report time.
 * Called in the transaction of every change to a plan's measures or reports.
 */
export async function rebuildRollup(tx: DbOrTx, plans: SQL) {
  await tx.execute(sql`delete from measure_rollup where plan_id in (select p.id from plan p where ${plans})`);
  await tx.execute(sql`
    insert into measure_rollup (plan_id, territory_path, year, quarter, category, subtype, expected, done, partial, not_done)
    select p.id, p.territory_path, p.year, q.q, m.category, m.subtype, count(*),
           count(r.id) filter (where r.outcome = 'done'),
           count(r.id) filter (where r.outcome = 'partial'),
           count(r.id) filter (where r.outcome = 'not_done')
    from plan p
    join plan_measure m on m.plan_id = p.id
    cross join generate_series(1, 4) as q(q)
    left join measure_report r on r.measure_id = m.id and r.year = p.year and r.quarter = q.q
    where ${plans}
      and (m.periodicity <> 'once' or (m.deadline is null and q.q = 4) or extract(quarter from m.deadline) = q.q)
    group by p.id, p.territory_path, p.year, q.q, m.category, m.subtype`);
  await tx.execute(sql`
    update measure_rollup ru set first_reported_at = f.first
    from (select r.plan_id, r.quarter, min(r.reported_at) as first from measure_report r
          where r.plan_id in (select p.id from plan p where ${plans}) group by 1, 2) f
    where ru.plan_id = f.plan_id and ru.quarter = f.quarter`);
}
