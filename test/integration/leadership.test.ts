/**
 * One instance leads wave grouping (platform/leadership.ts): on a server, the holder of a session
 * advisory lock on its own connection; when that instance stops or loses its connection, the next
 * one to ask takes over. Two instances here are two pools on the same database.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAVE_LEADER_LOCK } from "../../src/server/modules/incidents/incidents.jobs";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { Leadership } from "../../src/server/platform/leadership";
import { openTestDatabase } from "../support/db";

let database: Database;
let second: Database | null = null;
beforeAll(async () => {
  database = await openTestDatabase();
  if (database.url) second = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
});
afterAll(async () => {
  await second?.close();
  await database?.close();
});

/** Ask until `l` leads or 3 s pass (the server frees a lock when the backend has gone). */
async function leadsSoon(l: Leadership): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < 3000) {
    if (await l.lead()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe("leading a background job", () => {
  it("the embedded database's only instance always leads", async () => {
    if (database.driver !== "pglite") return;
    const l = new Leadership(database, WAVE_LEADER_LOCK);
    expect(await l.lead()).toBe(true);
    await l.close();
    expect(await l.lead()).toBe(false);
  });

  it("one of two instances leads; when it stops or loses its connection, the other takes over", async () => {
    if (!second) return; // a server only
    const a = new Leadership(database, WAVE_LEADER_LOCK);
    const b = new Leadership(second, WAVE_LEADER_LOCK);
    try {
      expect(await a.lead()).toBe(true);
      expect(await b.lead()).toBe(false);
      expect(await a.lead()).toBe(true); // asking again keeps it
      expect(await b.lead()).toBe(false);

      await a.close(); // the instance stops
      expect(await leadsSoon(b)).toBe(true);
      const c = new Leadership(database, WAVE_LEADER_LOCK);
      try {
        expect(await c.lead()).toBe(false);

        // The leader's connection is cut: it stops leading, and the other instance takes over.
        const admin = new pg.Client({ connectionString: database.url });
        await admin.connect();
        try {
          await admin.query(
            `select pg_terminate_backend(pid) from pg_locks
              where locktype = 'advisory' and objid = $1 and granted and pid <> pg_backend_pid()`,
            [WAVE_LEADER_LOCK],
          );
        } finally {
          await admin.end();
        }
        expect(await leadsSoon(c)).toBe(true);
        expect(await b.lead()).toBe(false);
      } finally {
        await c.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});
