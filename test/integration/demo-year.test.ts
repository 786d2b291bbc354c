/**
 * The demo's year of commission work (R5–R12) on PGlite and PostgreSQL: seeded through the services
 * onto the test template (demo registry and accounts), it gives the Almaty city dashboard expected and
 * done measures in every category of R8–R12, assignments overdue, done on time and done late, signed
 * protocols and an exercise with findings; every step is in the audit log as the demo user; a second
 * run adds nothing. Its history is dated back to when the work happened, with every outcome kept.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  almatyDate,
  deadlineEnd,
  type Quarter,
  quarterOf,
  reportingState,
} from "../../src/domain/prevention";
import { buildApp } from "../../src/server/app";
import { type DemoYearResult, seedDemoYear } from "../../src/server/modules/prevention";
import type { Database } from "../../src/server/platform/db";
import { DEMO_CITY, DEMO_DISTRICT } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { ALMATY } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let district: Client;
let atc: Client;
let seeded: DemoYearResult;
/** When the seed ran: the services stamped every step at this moment before it was dated back. */
let seededAt: Date;
const year = Number(new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  database = await openTestDatabase();
  seededAt = new Date();
  seeded = await seedDemoYear(database, { city: DEMO_CITY, district: DEMO_DISTRICT });
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, district, atc] = await Promise.all(["secretary", "district", "atc"].map((u) => signIn(app, u)));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("demo year", () => {
  it("seeds both commissions and is idempotent", async () => {
    expect(seeded.plans).toBe(2);
    expect(seeded.measures).toBe(20);
    expect(seeded.reports).toBeGreaterThanOrEqual(20);
    const again = await seedDemoYear(database, { city: DEMO_CITY, district: DEMO_DISTRICT });
    expect(again.plans).toBe(0);
    const plans = (await atc.get(`/api/plans?year=${year}`)).json().items;
    const approved = plans.filter((p: { status: string }) => p.status === "approved");
    expect(approved).toHaveLength(2);
    // The list counts each plan's own measures (a subquery correlated with the listed row).
    expect(approved.map((p: { measureCount: number }) => p.measureCount)).toEqual([10, 10]);
  });

  it("gives the Almaty dashboard expected and done measures in each category of R8–R12", async () => {
    const res = await secretary.get(`/api/prevention/dashboard?year=${year}&quarter=1&territory=${ALMATY}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    for (const category of ["legal", "socio_economic", "organisational", "educational", "propaganda"]) {
      const row = d.byCategory.find((r: { category: string }) => r.category === category);
      expect(row, category).toBeDefined();
      expect(row.expected, category).toBeGreaterThan(0);
      expect(row.done, category).toBeGreaterThan(0);
    }
    expect(d.totals.notDone + d.totals.partial).toBeGreaterThan(0);
    expect(d.trend.some((t: { expected: number }) => t.expected > 0)).toBe(true);
  });

  it("has assignments overdue, done on time and done late, and the discipline page counts them", async () => {
    const all = (await secretary.get("/api/assignments?scope=all&limit=200")).json().items as {
      status: string;
      overdue: boolean;
      source: string;
    }[];
    expect(all.some((a) => a.overdue && a.status === "assigned")).toBe(true);
    expect(all.some((a) => a.status === "done_on_time")).toBe(true);
    expect(all.some((a) => a.status === "done_late")).toBe(true);
    expect(all.some((a) => a.status === "assigned" && !a.overdue)).toBe(true);
    expect(all.some((a) => a.source === "exercise")).toBe(true);
    const disc = (
      await secretary.get(`/api/assignments/discipline?from=${year}-01-01&to=${year}-12-31`)
    ).json();
    const sum = (k: "onTime" | "late" | "overdue") =>
      disc.rows.reduce((n: number, r: Record<string, number>) => n + r[k], 0);
    expect(sum("onTime")).toBeGreaterThan(0);
    expect(sum("late")).toBeGreaterThan(0);
    expect(sum("overdue")).toBeGreaterThan(0);
  });

  it("has signed protocols with decisions, a planned meeting, and an exercise held with findings", async () => {
    const meetings = (await secretary.get(`/api/meetings?year=${year}`)).json().items as {
      id: string;
      status: string;
      protocolNumber: number | null;
      decisionCount: number;
    }[];
    const signed = meetings.filter((m) => m.protocolNumber !== null);
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.filter((m) => m.decisionCount === 0)).toEqual([]);
    expect(meetings.some((m) => m.status === "planned")).toBe(true);
    const exercises = (await secretary.get(`/api/exercises?from=${year}-01-01&to=${year + 1}-01-31`)).json()
      .items as {
      status: string;
      findings: unknown[];
    }[];
    expect(exercises.some((e) => e.status === "held" && e.findings.length > 0)).toBe(true);
    expect(exercises.some((e) => e.status === "planned")).toBe(true);
  });

  it("gives the district commission its own year, unseen by the city", async () => {
    const own = (await district.get(`/api/plans?year=${year}`)).json().items;
    expect(own).toHaveLength(1);
    const mine = (await district.get("/api/meetings")).json().items;
    expect(mine.length).toBeGreaterThan(0);
    const fromCity = await secretary.get(`/api/plans/${own[0].id}`);
    expect(fromCity.statusCode).toBe(404);
  });

  it("puts every step in the audit log as the demo user", async () => {
    const rows = await database.query<{ action: string; actor: string }>(
      `select action, actor_name as actor from audit_event where action in
         ('plan.approved', 'plan.measure_reported', 'meeting.protocol_signed') group by 1, 2`,
    );
    expect(rows.map((r) => `${r.action}:${r.actor}`).sort()).toEqual(
      expect.arrayContaining([
        "meeting.protocol_signed:secretary",
        "plan.approved:district",
        "plan.approved:secretary",
        "plan.measure_reported:secretary",
      ]),
    );
  });

  it("dates each assignment's history in order, in the past, assigned by its deadline, outcomes kept", async () => {
    const now = Date.now();
    const today = almatyDate(new Date(now));
    const rows = await database.query<{
      id: string;
      status: string;
      deadline: string;
      held_at: Date | null;
      reported_at: Date | null;
      closed_at: Date | null;
      ats: string[];
      actions: string[];
    }>(
      `select a.id, a.status, a.deadline::text as deadline, m.held_at, a.reported_at, a.closed_at,
              array_agg((extract(epoch from e.at) * 1000)::bigint::text order by e.id) as ats, array_agg(e.action order by e.id) as actions
         from assignment a
         left join meeting m on m.id = a.meeting_id
         join assignment_event e on e.assignment_id = a.id
        group by a.id, m.held_at`,
    );
    expect(rows.length).toBe(seeded.assignments);
    let pastDeadlines = 0;
    for (const r of rows) {
      const ats = r.ats.map(Number);
      expect(
        ats.every((t) => Number.isFinite(t)),
        r.id,
      ).toBe(true);
      expect(ats, r.id).toEqual([...ats].sort((x, y) => x - y));
      expect(Math.max(...ats), r.id).toBeLessThanOrEqual(now);
      if (r.held_at) expect(ats[0], r.id).toBeGreaterThanOrEqual(new Date(r.held_at).getTime());
      const due = deadlineEnd(r.deadline).getTime();
      if (r.deadline < today) {
        pastDeadlines++;
        expect(ats[0], `${r.id} assigned after its deadline`).toBeLessThanOrEqual(due);
      }
      // The status the services gave agrees with the dated report: on time by the deadline, late after it.
      if (r.status === "done_on_time" || r.status === "done_late") {
        const reported = new Date(r.reported_at!).getTime();
        const closed = new Date(r.closed_at!).getTime();
        expect(reported > due, r.id).toBe(r.status === "done_late");
        expect(closed).toBeGreaterThan(reported);
        expect(closed).toBeLessThanOrEqual(now);
        expect(ats[r.actions.indexOf("report")]).toBe(reported);
        expect(ats[r.actions.indexOf("accept")]).toBe(closed);
      }
    }
    expect(pastDeadlines).toBeGreaterThan(0);
    const [{ n }] = await database.query<{ n: string }>(
      `select (select count(*) from measure_report where reported_at > now())
            + (select count(*) from meeting where signed_at > now() or updated_at > now())
            + (select count(*) from plan where approved_at > now()) as n`,
    );
    expect(Number(n)).toBe(0);
  });

  it("keeps the dashboard's figures and each commission's reporting state per quarter", async () => {
    // Outcomes of the demo plan's ten quarterly measures (demo-year.seed.ts): the first of each
    // category done every quarter, the second by the quarter.
    const outcome = (i: number, q: number) =>
      i % 2 === 0 ? "done" : (i + q) % 5 === 0 ? "not_done" : (i + q) % 3 === 0 ? "partial" : "done";
    const currentQ = quarterOf(almatyDate(new Date()));
    for (const territory of [ALMATY, DEMO_DISTRICT]) {
      for (const q of [1, 2, 3, 4] as Quarter[]) {
        const d = (
          await atc.get(`/api/prevention/dashboard?year=${year}&quarter=${q}&territory=${territory}`)
        ).json();
        const reported = q <= currentQ;
        const count = (o: string) =>
          reported ? Array.from({ length: 10 }, (_, i) => outcome(i, q)).filter((x) => x === o).length : 0;
        const label = `${territory} Q${q}`;
        expect(d.totals.expected, label).toBe(10);
        expect(d.totals.done, label).toBe(count("done"));
        expect(d.totals.partial, label).toBe(count("partial"));
        expect(d.totals.notDone, label).toBe(count("not_done"));
        const mine = d.commissions.filter((c: { planId: string | null }) => c.planId !== null);
        expect(
          mine.map((c: { state: string }) => c.state),
          label,
        ).toEqual([reportingState(reported ? seededAt : null, year, q)]);
      }
    }
  });
});
