/**
 * Resolved sessions are held in memory (modules/auth/auth.service.ts) only while the instance hears
 * every change to access (migration 0018): a change written behind the service's back, by another
 * instance, or while the listener was down, is never answered from a stale memory.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { holdingSessions } from "../../src/server/modules/auth/auth.service";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { openTestDatabase, usingPostgres } from "../support/db";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The status of /api/auth/me, asked until it is `want` (a server hears NOTIFY within milliseconds). */
async function meBecomes(c: Client, want: number, ms = 3000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const s = (await c.get("/api/auth/me")).statusCode;
    if (s === want || Date.now() - t0 > ms) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("resolved sessions held in memory", () => {
  it("a user deactivated, a grant removed or a session deleted in plain SQL is seen (on a server within milliseconds)", async () => {
    const reporter = await signIn(app, "reporter");
    // Asked twice: the second answer may come from memory.
    expect((await reporter.get("/api/auth/me")).statusCode).toBe(200);
    expect((await reporter.get("/api/auth/me")).statusCode).toBe(200);

    await database.query("update app_user set active = false where username = 'reporter'");
    try {
      expect(await meBecomes(reporter, 401)).toBe(401);
    } finally {
      await database.query("update app_user set active = true where username = 'reporter'");
    }
    expect(await meBecomes(reporter, 200)).toBe(200);

    const secretary = await signIn(app, "secretary");
    const before = (await secretary.get("/api/auth/me")).json().grants as unknown[];
    expect(before.length).toBeGreaterThan(0);
    const saved = await database.query<Record<string, unknown>>(
      "delete from role_grant where user_id = (select id from app_user where username = 'secretary') returning *",
    );
    try {
      const t0 = Date.now();
      let grants = before;
      while (grants.length && Date.now() - t0 < 3000) {
        await new Promise((r) => setTimeout(r, 20));
        grants = (await secretary.get("/api/auth/me")).json().grants;
      }
      expect(grants).toEqual([]);
    } finally {
      for (const g of saved)
        await database.query(
          "insert into role_grant (id, user_id, role, body_id, territory_code) values ($1, $2, $3, $4, $5)",
          [g.id, g.user_id, g.role, g.body_id, g.territory_code],
        );
    }
    const t1 = Date.now();
    let restored: unknown[] = [];
    while (restored.length !== before.length && Date.now() - t1 < 3000) {
      await new Promise((r) => setTimeout(r, 20));
      restored = (await secretary.get("/api/auth/me")).json().grants;
    }
    expect(restored).toHaveLength(before.length);

    await database.query(
      "delete from session where user_id = (select id from app_user where username = 'secretary')",
    );
    expect(await meBecomes(secretary, 401)).toBe(401);
  });

  it.runIf(usingPostgres())(
    "signing out on one instance ends the session on another that held it",
    async () => {
      const other = await openDatabase({ databaseUrl: database.url!, poolSize: 2 });
      const second = await buildApp({ database: other, config: { signInRateLimit: 1000 } });
      try {
        const onFirst = await signIn(app, "hq");
        const onSecond = client(second, onFirst.cookie);
        expect((await onSecond.get("/api/auth/me")).statusCode).toBe(200);
        expect((await onSecond.get("/api/auth/me")).statusCode).toBe(200);
        expect((await onFirst.post("/api/auth/sign-out")).statusCode).toBeLessThan(300);
        expect(await meBecomes(onSecond, 401)).toBe(401);
      } finally {
        await second.close();
        await other.close();
      }
    },
  );

  it.runIf(usingPostgres())(
    "while the listening connection is lost nothing is answered from memory, and after it is back",
    async () => {
      const member = await signIn(app, "member");
      expect((await member.get("/api/auth/me")).statusCode).toBe(200);
      expect((await member.get("/api/auth/me")).statusCode).toBe(200);
      // Cut this database's LISTEN connection: changes from now until it is back are not heard.
      const [{ n }] = await database.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and query like 'LISTEN%'`,
      );
      expect(n).toBeGreaterThan(0);
      // Once the instance has noticed, it holds nothing until the listener is back (about a second).
      const cut = Date.now();
      while (holdingSessions(database) && Date.now() - cut < 3000) await new Promise((r) => setTimeout(r, 5));
      expect(holdingSessions(database)).toBe(false);
      await database.query("update app_user set active = false where username = 'member'");
      try {
        expect((await member.get("/api/auth/me")).statusCode).toBe(401);
      } finally {
        await database.query("update app_user set active = true where username = 'member'");
      }
      // The listener comes back (about a second) and memory starts afresh.
      const t0 = Date.now();
      let back = 0;
      while (Date.now() - t0 < 5000) {
        const [r] = await database.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`,
        );
        back = r.n;
        if (back) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(back).toBeGreaterThan(0);
      const t1 = Date.now();
      while (!holdingSessions(database) && Date.now() - t1 < 3000) await new Promise((r) => setTimeout(r, 5));
      expect(holdingSessions(database)).toBe(true);
      expect((await member.get("/api/auth/me")).statusCode).toBe(200);
      await database.query("update app_user set active = false where username = 'member'");
      try {
        expect(await meBecomes(member, 401)).toBe(401);
      } finally {
        await database.query("update app_user set active = true where username = 'member'");
      }
    },
  );
});
