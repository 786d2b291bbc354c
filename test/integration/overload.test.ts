/**
 * Hardening issue, "starved under load" (platform/bulk-read-admission.ts): bulk reads beyond what is
 * admitted are shed with 503 `server_overloaded` and Retry-After; sign-in and incident intake are
 * never held back, and bulk reads yield to them; the admitted limit falls when the event loop lags.
 * Behaviour only: the figures (latencies under 100 clients) are bench/overload.ts's.
 */

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppConfig, buildApp } from "../../src/server/app";
import {
  type BulkReadSettings,
  defaultBulkReadSettings,
} from "../../src/server/platform/bulk-read-admission";
import type { Database } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await database?.close();
});

async function appWith(bulkReads: Partial<BulkReadSettings>) {
  const app = await buildApp({
    database,
    config: {
      signInRateLimit: 1000,
      bulkReads: { ...defaultBulkReadSettings, targetLoopDelayMs: 0, ...bulkReads },
    } as Partial<AppConfig>,
  });
  apps.push(app);
  const [hq, reporter] = await Promise.all([signIn(app, "hq"), signIn(app, "reporter")]);
  return { app, hq, reporter };
}

const fileReport = (reporter: Client, description: string) =>
  reporter.post(
    "/api/incidents",
    { type: "explosion", occurredAt: new Date().toISOString(), territoryCode: "750000000", description },
    { "idempotency-key": randomUUID() },
  );

const signInAtc = (app: FastifyInstance) =>
  app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username: "atc", password: DEMO_PASSWORD },
  });

describe("bulk reads under overload", () => {
  it("sheds list reads beyond the admitted with 503 + Retry-After; sign-in and intake always pass", async () => {
    const { app, hq, reporter } = await appWith({
      concurrency: 1,
      embeddedConcurrency: 1,
      queue: 2,
      // Longer than a change holds reads back (yieldToChangesMs): those in line are answered, not shed.
      maxWaitMs: 3_000,
      retryAfterSeconds: 2,
    });
    const reads = Array.from({ length: 30 }, () => hq.get("/api/incidents"));
    const signInRes = signInAtc(app);
    const filed = fileReport(reporter, "Filed while the lists are shed");
    const answers = await Promise.all(reads);
    expect((await signInRes).statusCode).toBe(200);
    expect((await filed).statusCode).toBe(201);
    const shed = answers.filter((a) => a.statusCode === 503);
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 503)).toBe(true);
    // One slot and a line of two: three are let in (after the sign-in and the report), the rest shed at once.
    expect(shed.length).toBe(27);
    expect(answers.length - shed.length).toBe(3);
    for (const a of shed) {
      expect(a.headers["retry-after"]).toBe("2");
      expect(a.json().code).toBe("server_overloaded");
    }
    expect(app.bulkReads?.shed).toBe(shed.length);
    // The slots are given back: a read alone is answered.
    expect((await hq.get("/api/incidents")).statusCode).toBe(200);
    expect(app.bulkReads).toMatchObject({ running: 0, waiting: 0 });
  });

  it("a read that arrives while a sign-in is being answered waits for it, then is answered", async () => {
    const { app, hq } = await appWith({ maxWaitMs: 30_000, yieldToChangesMs: 30_000 });
    let signedInAt = 0;
    let readAt = 0;
    const signing = signInAtc(app).then((r) => {
      signedInAt = performance.now();
      return r;
    });
    // The sign-in's request is in (its password hash takes a while); the read comes after it.
    await new Promise((r) => setTimeout(r, 5));
    const reading = hq.get("/api/incidents").then((r) => {
      readAt = performance.now();
      return r;
    });
    const [s, r] = await Promise.all([signing, reading]);
    expect(s.statusCode).toBe(200);
    expect(r.statusCode).toBe(200);
    expect(readAt).toBeGreaterThanOrEqual(signedInAt);
    expect(app.bulkReads?.longestWaitMs).toBeGreaterThan(0);
    // Without a change in progress a read does not wait.
    expect((await hq.get("/api/incidents")).statusCode).toBe(200);
  });

  it("admits fewer reads while the event loop lags, and more again when it recovers", async () => {
    const { app } = await appWith({ concurrency: 8, embeddedConcurrency: 8, targetLoopDelayMs: 50 });
    // Starting the app and signing in may have lagged the loop already: at its ceiling once calm.
    await expect.poll(() => app.bulkReads?.limit, { timeout: 15_000, interval: 250 }).toBe(8);
    // The process saturated: the loop blocked for 300 ms, twice.
    for (let i = 0; i < 2; i++) {
      const until = performance.now() + 300;
      while (performance.now() < until) {
        /* busy */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(app.bulkReads?.limit).toBeLessThan(8);
    expect(app.bulkReads?.loopDelayMs).toBeGreaterThanOrEqual(0);
    await expect.poll(() => app.bulkReads?.limit, { timeout: 15_000, interval: 250 }).toBe(8);
  });
});
