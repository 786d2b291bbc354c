/**
 * `qorgan seed --scale national`, at a small scale on PGlite and PostgreSQL: every
 * commission gets approved plans with measures, reports on what was due and assignments; the roll-up
 * and the overdue list read them.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { seedNational } from "../../src/server/modules/prevention/national.seed";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let atc: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  atc = await signIn(app, "atc");
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the national-scale generator", () => {
  it("fills every commission's plans, reports and assignments, with progress, and is idempotent per year", async () => {
    const lines: string[] = [];
    const now = new Date("2026-11-25T06:00:00Z");
    const r = await seedNational(
      database,
      { years: 2, measuresPerPlan: 30, assignmentsPerCommission: 6, lastYear: 2026 },
      (m) => lines.push(m),
      now,
    );
    const [{ n }] = await database.query<{ n: string }>(
      "select count(*) as n from body where kind in ('commission','atc') and active",
    );
    expect(r.plans).toBe(2 * Number(n));
    expect(r.measures).toBe(r.plans * 30);
    // 2025: every due quarter; 2026: Q1–Q3 only (Q4 is due on 10 January). About 1.96 per measure a year.
    expect(r.reports).toBeGreaterThan(r.measures * 0.8);
    expect(r.reports).toBeLessThan(r.measures * 2.2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/100%/);
    const [{ q4 }] = await database.query<{ q4: string }>(
      "select count(*) as q4 from measure_report where year = 2026 and quarter = 4",
    );
    expect(Number(q4)).toBe(0);
    // A second run adds nothing for years that exist.
    expect((await seedNational(database, { years: 1, lastYear: 2026 }, () => {}, now)).plans).toBe(0);

    const d = (await atc.get("/api/prevention/dashboard?year=2025&quarter=4")).json();
    expect(d.totals.expected).toBeGreaterThan(0);
    expect(d.totals.rate).toBeGreaterThan(0.5);
    expect(d.byTerritory.every((t: { commissions: number }) => t.commissions >= 1)).toBe(true);
    expect(d.commissions.some((c: { state: string }) => c.state === "late")).toBe(true);
    // Drill-down pages across many plans, put together, are the records of one big page, once each.
    const url = (limit: number, offset: number) =>
      `/api/prevention/dashboard/records?year=2025&quarter=4&outcome=missing&limit=${limit}&offset=${offset}`;
    const whole = (await atc.get(url(200, 0))).json();
    expect(whole.total).toBeGreaterThan(60);
    const pages = [];
    for (let offset = 0; offset < Math.min(whole.total, 200); offset += 7)
      pages.push(...(await atc.get(url(Math.min(7, 200 - offset), offset))).json().items);
    expect(pages.map((r: { measureId: string }) => r.measureId)).toEqual(
      whole.items.map((r: { measureId: string }) => r.measureId),
    );
    expect(new Set(pages.map((r: { measureId: string }) => r.measureId)).size).toBe(pages.length);
    expect(whole.items.every((r: { outcome: string }) => r.outcome === "missing")).toBe(true);
    const overdue = (await atc.get("/api/assignments?scope=all&status=overdue&limit=5")).json();
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
  });
});
