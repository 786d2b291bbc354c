/**
 * The demo's response story (R16–R19), seeded through the services onto the test template: past
 * reports over the year — at least three closed with their reason, one handed over — and one
 * operation declared over a past report, with forces, R14 log entries, the regime lifted and its
 * summary (outcome and lessons); dated in the past, relative to now; a second run adds nothing.
 * PGlite and PostgreSQL.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { seedDemoPastIncidents } from "../../src/server/modules/incidents";
import { DEMO_CLOSED_OPERATION_TITLE, seedDemoClosedOperation } from "../../src/server/modules/operations";
import type { Database } from "../../src/server/platform/db";
import { DEMO_CITY } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let hq: Client;
let operationId: string | null;

beforeAll(async () => {
  database = await openTestDatabase();
  const past = await seedDemoPastIncidents(database, { city: DEMO_CITY, hqUsername: "hq" });
  expect(past.forOperation).not.toBeNull();
  operationId = await seedDemoClosedOperation(database, {
    city: DEMO_CITY,
    hqUsername: "hq",
    report: past.forOperation!,
  });
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  hq = await signIn(app, "hq");
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const DAY = 86_400_000;

describe("the demo's past reports", () => {
  it("has at least three closed with a reason, one handed over, spread over the past year", async () => {
    const res = await hq.get("/api/incidents?limit=200");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      status: string;
      closeReason: string | null;
      receivedAt: string;
      type: string;
    }[];
    const closed = items.filter((i) => i.status === "closed");
    expect(closed.length).toBeGreaterThanOrEqual(3);
    for (const c of closed) expect(c.closeReason).toBeTruthy();
    expect(new Set(closed.map((c) => c.closeReason)).size).toBeGreaterThanOrEqual(2);
    expect(items.filter((i) => i.status === "handed_over").length).toBeGreaterThanOrEqual(1);
    const past = items.filter((i) => ["closed", "handed_over", "linked"].includes(i.status));
    expect(new Set(past.map((i) => i.type)).size).toBeGreaterThanOrEqual(4);
    const ages = past.map((i) => (Date.now() - Date.parse(i.receivedAt)) / DAY);
    expect(Math.min(...ages)).toBeGreaterThan(7);
    expect(Math.max(...ages)).toBeGreaterThan(200);
    expect(Math.max(...ages)).toBeLessThan(366);
    // A closed report's history: received, then its steps, by a named person.
    const detail = (await hq.get(`/api/incidents/${closed[0].id}`)).json();
    expect(detail.history.length).toBeGreaterThanOrEqual(3);
    expect(detail.history.at(-1).toStatus).toBe("closed");
    expect(detail.history[1].actor?.fullName).toBeTruthy();
  });
});

describe("the demo's closed operation", () => {
  it("was declared, had forces and log entries, and ended with its summary", async () => {
    expect(operationId).toBeTruthy();
    const list = (await hq.get("/api/operations?status=ended")).json().items as {
      id: string;
      title: string;
    }[];
    expect(list.filter((o) => o.title === DEMO_CLOSED_OPERATION_TITLE)).toHaveLength(1);
    const op = (await hq.get(`/api/operations/${operationId}`)).json();
    expect(op.status).toBe("ended");
    expect(op.outcome.length).toBeGreaterThan(20);
    expect(op.lessons.length).toBeGreaterThan(20);
    expect(Date.parse(op.endedAt)).toBeLessThan(Date.now() - 7 * DAY);
    expect(Date.parse(op.regimeStartedAt)).toBeLessThan(Date.parse(op.endedAt));
    expect(op.forces.length).toBeGreaterThan(0);
    for (const f of op.forces) {
      expect(f.status).toBe("released");
      expect(f.onSiteAt).toBeTruthy();
      expect(f.committedAt).toBeTruthy(); // the force committed before it set out
    }
    const kinds = op.log.map((l: { entryType: string; code: string | null }) => l.code ?? l.entryType);
    expect(kinds[0]).toBe("declared");
    expect(kinds).toContain("cordon");
    expect(kinds.at(-1)).toBe("ended");
    expect(op.incidents).toHaveLength(1);
    const report = (await hq.get(`/api/incidents/${op.incidents[0].id}`)).json();
    expect(report.status).toBe("linked");
  });

  it("a second run adds nothing", async () => {
    const before = (await hq.get("/api/incidents?limit=200")).json().total;
    const again = await seedDemoPastIncidents(database, { city: DEMO_CITY, hqUsername: "hq" });
    expect(
      await seedDemoClosedOperation(database, {
        city: DEMO_CITY,
        hqUsername: "hq",
        report: again.forOperation!,
      }),
    ).toBeNull();
    expect((await hq.get("/api/incidents?limit=200")).json().total).toBe(before);
    expect((await hq.get("/api/operations?status=ended")).json().items).toHaveLength(1);
  });
});
