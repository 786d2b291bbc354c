/**
 * The sign-in rate limit holds for the cluster : attempts are counted in
 * the database, so a client whose attempts a balancer spreads over several instances meets the limit at
 * the configured number, not N times it. Two instances on one PostgreSQL database; on the embedded
 * database one instance, the same store.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { openTestDatabase, usingPostgres } from "../support/db";

const LIMIT = 5;
let database: Database;
let second: Database | undefined;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  apps.push(await buildApp({ database, config: { signInRateLimit: LIMIT } }));
  if (usingPostgres()) {
    second = await openDatabase({ databaseUrl: database.url!, poolSize: 3 });
    apps.push(await buildApp({ database: second, config: { signInRateLimit: LIMIT } }));
  }
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await second?.close();
  await database?.close();
});

const attempt = (app: FastifyInstance, ip: string) =>
  app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    remoteAddress: ip,
    // A new name each time: the per-account lockout (423) stays out of it; only the address is counted.
    payload: { username: `nobody-${randomUUID().slice(0, 8)}`, password: "wrong-password-1" },
  });

describe("sign-in rate limit", () => {
  it("counts one client's attempts across instances: the configured number, then 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push((await attempt(apps[i % apps.length], "203.0.113.7")).statusCode);
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    const refused = await attempt(apps[apps.length - 1], "203.0.113.7");
    expect(refused.json()).toMatchObject({ code: "rate_limited" });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // Another client is counted apart.
    expect((await attempt(apps[0], "203.0.113.8")).statusCode).toBe(401);
  });

  it.skipIf(!usingPostgres())("attempts sent at once to both instances are all counted", async () => {
    const results = await Promise.all(
      Array.from({ length: LIMIT * 2 }, (_, i) => attempt(apps[i % 2], "203.0.113.9")),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(LIMIT);
    expect(codes.filter((c) => c === 429).length).toBe(LIMIT);
  });

  it("starts a new window when the last one has passed", async () => {
    for (let i = 0; i <= LIMIT; i++) await attempt(apps[0], "203.0.113.10");
    expect((await attempt(apps[0], "203.0.113.10")).statusCode).toBe(429);
    await database.query(
      "update rate_limit_hit set reset_at = now() - interval '1 second' where key like '%203.0.113.10'",
    );
    expect((await attempt(apps[apps.length - 1], "203.0.113.10")).statusCode).toBe(401);
  });
});
