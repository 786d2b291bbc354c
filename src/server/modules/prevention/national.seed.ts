/**
 * `qorgan seed --scale national`: a synthetic national-scale data set for the prevention
 * benchmarks — every commission and the ATC, `years` years of approved plans (about 450 measures each:
 * ~1 million), quarterly execution reports on what was due (~2 million, some late, some missing) and
 * assignments under control (some overdue). Set-based SQL (INSERT … SELECT over generate_series), one
 * transaction per year, progress after each. Synthetic text only; real territories and bodies.
 */
import { sql } from "drizzle-orm";
import { almatyDate, measureSubtypes } from "../../../domain/prevention";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { rowsOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { rebuildRollup } from "./rollup.service";

export type NationalOptions = {
  years?: number;
  measuresPerPlan?: number;
  assignmentsPerCommission?: number;
  /** The last year generated (default: the current year, reported up to the last due quarter). */
  lastYear?: number;
};

export type NationalResult = {
  plans: number;
  measures: number;
  reports: number;
  assignments: number;
  ms: number;
};

/** Catalogue pairs (category, subtype) numbered 0…n-1 for picking by index in SQL. */
const PAIRS = Object.entries(measureSubtypes).flatMap(([c, subs]) => subs.map((s) => [c, s.key] as const));

export async function seedNational(
  database: Database,
  opts: NationalOptions = {},
  progress: (m: string) => void = () => {},
  now: Date = new Date(),
): Promise<NationalResult> {
  const t0 = performance.now();
  const years = opts.years ?? 10;
  const perPlan = opts.measuresPerPlan ?? 450;
  const perCommission = opts.assignmentsPerCommission ?? 40;
  const today = almatyDate(now);
  const lastYear = opts.lastYear ?? Number(today.slice(0, 4));
  const pairs = sql.raw(
    `(values ${PAIRS.map(([c, s], i) => `(${i}, '${c}', '${s}')`).join(", ")}) as cat(i, category, subtype)`,
  );
  const total: NationalResult = { plans: 0, measures: 0, reports: 0, assignments: 0, ms: 0 };
  for (let k = 0; k < years; k++) {
    const year = lastYear - years + 1 + k;
    const r = await database.db.transaction(async (tx) => {
      const plans = await rowsOf<{ id: string }>(
        tx,
        sql`insert into plan (body_id, territory_path, year, status, decision_ref, approved_at, approved_by)
            select b.id, b.territory_path, ${year}, 'approved', 'Хаттама №1 (synthetic)',
                   make_timestamptz(${year}, 1, 20, 5, 0, 0, 'UTC'), 'seed'
            from body b where b.kind in ('commission', 'atc') and b.active
            on conflict (body_id, year) do nothing
            returning id`,
      );
      if (!plans.length) return { plans: 0, measures: 0, reports: 0, assignments: 0 };
      // Measures: the catalogue in turn; a fifth quarterly, a seventh monthly, the rest once with a deadline.
      const measures = await rowsOf<{ n: string }>(
        tx,
        sql`with ins as (
              insert into plan_measure (plan_id, category, subtype, title, responsible_body_id, periodicity, deadline, indicators)
              select p.id, cat.category, cat.subtype, 'Synthetic measure ' || g.i,
                     coalesce(a.id, p.body_id),
                     case when g.i % 5 = 0 then 'quarterly' when g.i % 7 = 0 then 'monthly' else 'once' end,
                     case when g.i % 5 = 0 or g.i % 7 = 0 then null
                          else make_date(${year}, 1 + (g.i * 7) % 12, 1 + g.i % 28) end,
                     jsonb_build_object('events_held', 1 + g.i % 9, 'people_reached', 50 * (1 + g.i % 40))
              from plan p
              join body c on c.id = p.body_id
              left join lateral (select id from body where kind = 'akimat' and territory_code = c.territory_code limit 1) a on true
              cross join generate_series(1, ${perPlan}) as g(i)
              join ${pairs} on cat.i = g.i % ${PAIRS.length}
              where p.year = ${year} and p.approved_by = 'seed'
              returning 1)
            select count(*) as n from ins`,
      );
      // Reports on what was due, for quarters whose report date has passed: a tenth of the commissions
      // report a quarter late, ~3% not at all, ~4% of measures are never reported; outcomes 75% done,
      // 15% partial, 10% not done.
      const reports = await rowsOf<{ n: string }>(
        tx,
        sql`with ins as (
              insert into measure_report (measure_id, plan_id, owner_body_id, territory_path, category, subtype,
                                          year, quarter, outcome, figures, text, reported_at, reported_by)
              select m.id, p.id, p.body_id, p.territory_path, m.category, m.subtype, ${year}, q.q,
                     case when h % 20 < 15 then 'done' when h % 20 < 18 then 'partial' else 'not_done' end,
                     jsonb_build_object('events_held', h % 7, 'people_reached', h % 500), '',
                     make_timestamptz(${year}, 1, 1, 5, 0, 0, 'UTC')
                       + ((q.q * 3) || ' months')::interval + ((case when hp % 10 = 0 then 15 + h % 9 else h % 9 end) || ' days')::interval,
                     'seed'
              from plan_measure m
              join plan p on p.id = m.plan_id
              cross join generate_series(1, 4) as q(q)
              cross join lateral (select abs(hashtext(m.id::text || q.q)) as h, abs(hashtext(p.id::text || q.q)) as hp) hh
              where p.year = ${year} and p.approved_by = 'seed'
                and (m.periodicity <> 'once' or (m.deadline is null and q.q = 4) or extract(quarter from m.deadline) = q.q)
                and h % 100 >= 4 and hp % 100 >= 3
                and make_date(${year}, 1, 10) + ((q.q * 3) || ' months')::interval <= ${today}::date
              returning 1)
            select count(*) as n from ins`,
      );
      // Assignments: closed on time or late in past years; in the current year some open, some overdue.
      const assignments = await rowsOf<{ n: string }>(
        tx,
        sql`with ins as (
              insert into assignment (number, owner_body_id, territory_path, source, title, executor_body_id,
                                      controller_body_id, deadline, original_deadline, status, reported_at, closed_at)
              select 'S' || ${year} || '/' || g.i, b.id, b.territory_path, 'decision', 'Synthetic assignment ' || g.i,
                     coalesce(ex.id, b.id), b.id, d.deadline, d.deadline,
                     case when d.deadline >= ${today}::date then (case when g.i % 3 = 0 then 'reported' else 'assigned' end)
                          when ah.h % 12 = 0 then 'assigned'
                          when g.i % 7 = 0 then 'done_late' else 'done_on_time' end,
                     case when d.deadline < ${today}::date and ah.h % 12 <> 0 then d.deadline::timestamptz end,
                     case when d.deadline < ${today}::date and ah.h % 12 <> 0 then d.deadline::timestamptz + interval '3 days' end
              from body b
              cross join generate_series(1, ${perCommission}) as g(i)
              cross join lateral (select make_date(${year}, 1 + g.i % 12, 1 + g.i % 28) as deadline) d
              cross join lateral (select abs(hashtext(b.id::text || g.i)) as h) ah
              left join lateral (select member_body_id as id from membership where group_id = b.id
                                 order by member_body_id offset (g.i % 5) limit 1) ex on true
              where b.kind in ('commission', 'atc') and b.active
              returning 1)
            select count(*) as n from ins`,
      );
      // Fresh statistics first: with last year's, the planner may pick a nested loop over millions of rows.
      await tx.execute(sql`analyze plan`);
      await tx.execute(sql`analyze plan_measure`);
      await tx.execute(sql`analyze measure_report`);
      await rebuildRollup(tx, sql`p.year = ${year} and p.approved_by = 'seed'`);
      return {
        plans: plans.length,
        measures: Number(measures[0].n),
        reports: Number(reports[0].n),
        assignments: Number(assignments[0].n),
      };
    });
    total.plans += r.plans;
    total.measures += r.measures;
    total.reports += r.reports;
    total.assignments += r.assignments;
    progress(
      `  ${year}: ${r.plans} plans, ${r.measures.toLocaleString("en")} measures, ${r.reports.toLocaleString("en")} reports, ${r.assignments.toLocaleString("en")} assignments — ${Math.round(((k + 1) / years) * 100)}% (${Math.round((performance.now() - t0) / 1000)} s)`,
    );
  }
  if (database.driver === "pglite") await database.query("analyze");
  else await database.query("analyze plan; analyze plan_measure; analyze measure_report; analyze assignment");
  total.ms = Math.round(performance.now() - t0);
  await database.db.transaction((tx) =>
    writeAudit(tx, systemContext("seed"), {
      action: "system.seeded",
      entityType: "prevention",
      after: { scale: "national", years, ...total },
    }),
  );
  return total;
}
