/**
 * Reporting up the chain on PGlite and PostgreSQL: the responsible body reports on a
 * measure per quarter; the roll-up by category, sub-type and territory, the commissions' reporting
 * state, the trend, drill-down and XLSX; another territory sees none of it.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let member: Client;
let atc: Client;
let outsider: Client;
let planId: string;
let quarterly: string;
let once: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, member, atc] = await Promise.all(["secretary", "member", "atc"].map((u) => signIn(app, u)));
  const astana = await findBodyId(atc, `kind=commission&territory=${ASTANA}`);
  await createUser(database, systemContext("test"), {
    username: "astana-sec-r",
    displayName: "Test secretary",
    password: "a-long-test-password",
    grants: [{ role: "commission_secretary", bodyId: astana, territoryCode: ASTANA }],
  });
  outsider = await signIn(app, "astana-sec-r", "a-long-test-password");
  const commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  const memberBody = (await member.get("/api/auth/me")).json().grants[0].bodyId;
  let plan = (await secretary.post("/api/plans", { bodyId: commissionId, year: 2027 })).json();
  planId = plan.id;
  const measure = (m: object) =>
    secretary.post(`/api/plans/${planId}/measures`, { responsibleBodyId: memberBody, ...m });
  await measure({
    category: "organisational",
    subtype: "group_training",
    title: "Оқыту",
    periodicity: "quarterly",
  });
  plan = (
    await measure({
      category: "propaganda",
      subtype: "social_advertising",
      title: "Роликтер",
      deadline: "2027-05-15",
    })
  ).json();
  [quarterly, once] = plan.measures.map((m: { id: string }) => m.id);
  // Reports only on approved plans.
  const early = await member.post(`/api/plans/${planId}/measures/${quarterly}/reports`, {
    year: 2027,
    quarter: 1,
    outcome: "done",
  });
  expect(early.statusCode).toBe(409);
  await secretary.post(`/api/plans/${planId}/approve`, { version: plan.version, decisionRef: "№1" });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("quarterly execution and the roll-up", () => {
  it("the responsible body reports what is due in the quarter; a correction keeps the first time", async () => {
    const url = `/api/plans/${planId}/measures`;
    const notDue = await member.post(`${url}/${once}/reports`, { year: 2027, quarter: 1, outcome: "done" });
    expect(notDue.json().fields[0]).toMatchObject({ path: "quarter", code: "not_due_in_quarter" });
    expect(
      (await outsider.post(`${url}/${quarterly}/reports`, { year: 2027, quarter: 1, outcome: "done" }))
        .statusCode,
    ).toBe(404);
    const first = (
      await member.post(`${url}/${quarterly}/reports`, {
        year: 2027,
        quarter: 1,
        outcome: "partial",
        figures: { events_held: 2, people_reached: 150 },
        text: "Екі оқыту өткізілді",
      })
    ).json();
    const fixed = (
      await member.post(`${url}/${quarterly}/reports`, {
        year: 2027,
        quarter: 1,
        outcome: "done",
        figures: { events_held: 3 },
      })
    ).json();
    expect(fixed).toMatchObject({ outcome: "done", version: 2, reportedAt: first.reportedAt });
    expect((await secretary.get(`/api/plans/${planId}/reports`)).json().items).toHaveLength(1);
  });

  it("rolls up by category, sub-type, territory and quarter, with drill-down, commission states and XLSX", async () => {
    const d = (
      await secretary.get(`/api/prevention/dashboard?year=2027&quarter=1&territory=${ALMATY}`)
    ).json();
    expect(d.totals).toMatchObject({ expected: 1, done: 1, rate: 1 });
    expect(d.byCategory.find((c: { category: string }) => c.category === "organisational")).toMatchObject({
      expected: 1,
      done: 1,
    });
    expect(d.bySubtype).toEqual([expect.objectContaining({ subtype: "group_training", basis: "R10.2" })]);
    expect(d.trend.map((t: { expected: number }) => t.expected)).toEqual([1, 2, 1, 1]);
    const own = d.commissions.find((c: { planId: string | null }) => c.planId === planId);
    expect(own.state).toBe("on_time");

    const national = (await atc.get("/api/prevention/dashboard?year=2027&quarter=2")).json();
    expect(national.territory.code).toBe("KZ");
    const almaty = national.byTerritory.find((t: { code: string }) => t.code === ALMATY);
    expect(almaty).toMatchObject({ expected: 2, done: 0, commissions: 1 });
    expect(national.byTerritory.length).toBeGreaterThanOrEqual(20);

    const missing = (
      await atc.get("/api/prevention/dashboard/records?year=2027&quarter=2&outcome=missing")
    ).json();
    expect(missing.total).toBe(2);
    expect(missing.items[0].commission.names.ru).toMatch(/Алматы/);
    const done = (
      await secretary.get(
        `/api/prevention/dashboard/records?year=2027&quarter=1&outcome=done&territory=${ALMATY}`,
      )
    ).json();
    expect(done.items.map((r: { measureId: string }) => r.measureId)).toEqual([quarterly]);

    // A past quarter with nothing reported: every commission with an approved plan shows "missing".
    const past = (await atc.get("/api/prevention/dashboard?year=2026&quarter=1")).json();
    expect(past.commissions.every((c: { state: string }) => c.state === "missing")).toBe(true);

    const xlsx = await secretary.get(
      `/api/prevention/dashboard.xlsx?year=2027&quarter=1&territory=${ALMATY}`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });

  it("another territory sees none of it", async () => {
    expect((await outsider.get(`/api/prevention/dashboard?year=2027&territory=${ALMATY}`)).statusCode).toBe(
      404,
    );
    expect(
      (await outsider.get(`/api/prevention/dashboard/records?year=2027&territory=${ALMATY}`)).statusCode,
    ).toBe(404);
    expect(
      (await outsider.get(`/api/prevention/dashboard.xlsx?year=2027&territory=${ALMATY}`)).statusCode,
    ).toBe(404);
    expect((await outsider.get(`/api/plans/${planId}/reports`)).statusCode).toBe(404);
    const own = (await outsider.get("/api/prevention/dashboard?year=2027&quarter=1")).json();
    expect(own.territory.code).toBe(ASTANA);
    expect(own.totals.expected).toBe(0);
  });
});

describe("amending a plan's measures", () => {
  it("updates with history and re-counts the roll-up; a measure with reports cannot be removed", async () => {
    let plan = (await secretary.get(`/api/plans/${planId}`)).json();
    const m = plan.measures.find((x: { id: string }) => x.id === once);
    // Move the one-off measure from Q2 to Q3: Q2 loses it, Q3 gains it.
    const before = (
      await secretary.get(`/api/prevention/dashboard?year=2027&quarter=3&territory=${ALMATY}`)
    ).json();
    const upd = await secretary.put(`/api/plans/${planId}/measures/${once}`, {
      ...m,
      responsibleBodyId: m.responsibleBody.id,
      deadline: "2027-08-15",
      version: m.version,
    });
    expect(upd.statusCode, upd.body).toBe(200);
    const after = (
      await secretary.get(`/api/prevention/dashboard?year=2027&quarter=3&territory=${ALMATY}`)
    ).json();
    expect(after.totals.expected).toBe(before.totals.expected + 1);
    const stale = await secretary.put(`/api/plans/${planId}/measures/${once}`, {
      ...m,
      responsibleBodyId: m.responsibleBody.id,
      version: m.version,
    });
    expect(stale.statusCode).toBe(409);
    const admin = await signIn(app, "admin");
    const audit = (await admin.get(`/api/audit?entityId=${planId}&action=plan.measure_updated`)).json();
    expect(audit.items[0].before.deadline).toBe("2027-05-15");
    expect(audit.items[0].after).toMatchObject({ deadline: "2027-08-15", amendment: true });

    plan = upd.json();
    const q = plan.measures.find((x: { id: string }) => x.id === quarterly);
    const blocked = await secretary.delete(`/api/plans/${planId}/measures/${quarterly}?version=${q.version}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe("has_reports");
    const o = plan.measures.find((x: { id: string }) => x.id === once);
    expect(
      (await member.delete(`/api/plans/${planId}/measures/${once}?version=${o.version}`)).statusCode,
    ).toBe(403);
    const gone = await secretary.delete(`/api/plans/${planId}/measures/${once}?version=${o.version}`);
    expect(gone.statusCode).toBe(200);
    expect(gone.json().measures).toHaveLength(1);
    const last = (
      await secretary.get(`/api/prevention/dashboard?year=2027&quarter=3&territory=${ALMATY}`)
    ).json();
    expect(last.totals.expected).toBe(before.totals.expected);
  });
});
