/**
 * X-Forwarded-For is believed only from configured proxies (QORGAN_TRUSTED_PROXIES):
 * without the setting a client cannot dodge the sign-in rate limit by inventing addresses, nor write
 * an address of its choice into the audit log; behind a configured proxy the forwarded address counts.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { configFromEnv } from "../../src/server/config";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";

let database: Database;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.close();
});

/** The app as production builds it: the default sign-in limit (20 a minute per address). */
async function appWith(trustedProxies: string[]) {
  const app = await buildApp({ database, config: { trustedProxies } });
  apps.push(app);
  return app;
}

/** A failed sign-in under a new name each time (names are locked after 5 failures, not what is tested here). */
const wrongPassword = (app: FastifyInstance, forwardedFor: string, remoteAddress = "127.0.0.1") =>
  app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username: `nobody-${randomUUID()}`, password: "wrong password" },
    headers: { "x-forwarded-for": forwardedFor },
    remoteAddress,
  });

const auditedIp = async (requestId: string) =>
  (await database.query<{ ip: string }>("select ip from audit_event where request_id = $1", [requestId]))[0]
    ?.ip;

describe("trusted proxies", () => {
  it("reads QORGAN_TRUSTED_PROXIES as a list, empty by default", () => {
    expect(configFromEnv({}).trustedProxies).toEqual([]);
    expect(configFromEnv({ QORGAN_TRUSTED_PROXIES: " 10.0.0.5, 10.1.0.0/16,," }).trustedProxies).toEqual([
      "10.0.0.5",
      "10.1.0.0/16",
    ]);
  });

  it("with none configured, 45 wrong passwords from 45 forwarded addresses are rate-limited", async () => {
    const app = await appWith([]);
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await wrongPassword(app, `203.0.113.${i + 1}`)).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The address recorded is the peer's, not the one the client wrote.
    const res = await wrongPassword(app, "198.51.100.7", "192.0.2.77");
    expect(res.statusCode).toBe(401);
    expect(await auditedIp(res.json().requestId)).toBe("192.0.2.77");
  });

  it("behind a configured proxy the forwarded address is the client's: audited and limited per client", async () => {
    const app = await appWith(["127.0.0.1", "10.1.0.0/16"]);
    const res = await wrongPassword(app, "198.51.100.7");
    expect(res.statusCode).toBe(401);
    expect(await auditedIp(res.json().requestId)).toBe("198.51.100.7");
    const viaRange = await wrongPassword(app, "198.51.100.8", "10.1.2.3");
    expect(await auditedIp(viaRange.json().requestId)).toBe("198.51.100.8");
    // 45 clients behind the proxy are 45 addresses, none over its limit…
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await wrongPassword(app, `203.0.113.${i + 1}`)).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    // …while one client's 21st attempt in the minute is refused.
    for (let i = 0; i < 19; i++) await wrongPassword(app, "192.0.2.1");
    expect((await wrongPassword(app, "192.0.2.1")).statusCode).toBe(401);
    expect((await wrongPassword(app, "192.0.2.1")).statusCode).toBe(429);
  });

  it("a peer that is not a configured proxy is the client, whatever it forwards", async () => {
    const app = await appWith(["10.0.0.5"]);
    const res = await wrongPassword(app, "198.51.100.9", "192.0.2.50");
    expect(await auditedIp(res.json().requestId)).toBe("192.0.2.50");
  });
});
