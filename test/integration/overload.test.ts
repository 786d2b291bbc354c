/**
 * Hardening issue, "starved under load": bulk reads beyond what is admitted are shed with 503
 * `server_overloaded` and Retry-After; sign-in and incident intake are never held back.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { defaultBulkReadSettings } from "../../src/server/platform/bulk-read-admission";
import type { Database } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let hq: Client;
let reporter: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({
    database,
    config: {
      signInRateLimit: 1000,
      bulkReads: {
        ...defaultBulkReadSettings,
        concurrency: 1,
        embeddedConcurrency: 1,
        queue: 2,
        maxWaitMs: 200,
        retryAfterSeconds: 2,
        targetLoopDelayMs: 0,
      },
    },
  });
  [hq, reporter] = await Promise.all([signIn(app, "hq"), signIn(app, "reporter")]);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("bulk reads under overload", () => {
  it("sheds list reads beyond the admitted with 503 + Retry-After; sign-in and intake always pass", async () => {
    const reads = Array.from({ length: 30 }, () => hq.get("/api/incidents"));
    const signInRes = app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "atc", password: DEMO_PASSWORD },
    });
    const filed = reporter.post(
      "/api/incidents",
      {
        type: "explosion",
        occurredAt: new Date().toISOString(),
        territoryCode: "750000000",
        description: "Filed while the lists are shed",
      },
      { "idempotency-key": randomUUID() },
    );
    const answers = await Promise.all(reads);
    expect((await signInRes).statusCode).toBe(200);
    expect((await filed).statusCode).toBe(201);
    const shed = answers.filter((a) => a.statusCode === 503);
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 503)).toBe(true);
    expect(shed.length).toBeGreaterThan(0);
    expect(answers.length - shed.length).toBeGreaterThanOrEqual(3); // one running, two waited their turn
    for (const a of shed) {
      expect(a.headers["retry-after"]).toBe("2");
      expect(a.json().code).toBe("server_overloaded");
    }
    expect(app.bulkReads?.shed).toBe(shed.length);
    // The slots are given back: a read alone is answered.
    expect((await hq.get("/api/incidents")).statusCode).toBe(200);
    expect(app.bulkReads).toMatchObject({ running: 0, waiting: 0 });
  });
});
