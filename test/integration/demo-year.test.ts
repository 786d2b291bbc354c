/**
 * The demo's year of commission work (R5–R12) on PGlite and PostgreSQL: seeded through the services
 * onto the test template (demo registry and accounts), it gives the Almaty city dashboard expected and
 * done measures in every category of R8–R12, assignments overdue, done on time and done late, signed
 * protocols and an exercise with findings; every step is in the audit log as the demo user; a second
 * run adds nothing.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
const year = Number(new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  database = await openTestDatabase();
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
});
