/**
 * Planner statistics on the embedded database (no autovacuum): at start the tables whose size moved
 * by more than a tenth since their statistics were taken are analyzed, and only those (on a server
 * too, with autovacuum off for the probe table so nothing else analyzes it meanwhile).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { type Database, refreshStatistics } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { signIn } from "../support/http";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("refreshing planner statistics", () => {
  it("analyzes a table that grew, then nothing until it grows again", async () => {
    await refreshStatistics(database);
    expect(await refreshStatistics(database)).toEqual([]);
    await database.query("create table stats_probe (x int, note text) with (autovacuum_enabled = false)");
    await database.query(
      "insert into stats_probe select g, repeat('x', 50) from generate_series(1, 20000) g",
    );
    expect(await refreshStatistics(database)).toEqual(["stats_probe"]);
    const [{ reltuples }] = await database.query<{ reltuples: number }>(
      "select reltuples::int as reltuples from pg_class where relname = 'stats_probe'",
    );
    expect(Number(reltuples)).toBeGreaterThan(15_000);
    expect(await refreshStatistics(database)).toEqual([]);
    // A few more rows (under a tenth) are not worth an ANALYZE; doubling is.
    await database.query("insert into stats_probe select g, 'y' from generate_series(1, 100) g");
    expect(await refreshStatistics(database)).toEqual([]);
    await database.query("insert into stats_probe select * from stats_probe");
    expect(await refreshStatistics(database)).toEqual(["stats_probe"]);
  });
});

/**
 * A crisis on a fresh installation: the reports' table was analyzed empty. PostgreSQL keeps each
 * connection's plan for the foreign-key check of a report's history entry, made while the table was
 * tiny — a scan of the whole table for every row, as long as the plan is kept (the intake benchmark
 * spent two thirds of PostgreSQL's time there). The intake's GrowthWatch analyzes the table as it
 * doubles, and the kept plan is made anew. Autovacuum is off for the table here, so only the watch can.
 */
describe("planner statistics as reports arrive", () => {
  it("a plan kept from the empty table is replaced by an index lookup once reports arrive", async () => {
    const db = await openTestDatabase();
    const app = await buildApp({ database: db, config: { signInRateLimit: 1000 } });
    // A connection of its own that keeps a generic plan, as PostgreSQL keeps a foreign-key check's.
    const own = db.url ? new pg.Client({ connectionString: db.url }) : null;
    const query = async (text: string) =>
      own ? (await own.query(text)).rows : await db.query<Record<string, unknown>>(text);
    try {
      await own?.connect();
      if (db.driver === "postgres") await db.query("alter table incident set (autovacuum_enabled = false)");
      const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from incident");
      expect(n).toBe(0);
      await query("set plan_cache_mode = force_generic_plan");
      await query(
        'prepare fk_probe(uuid) as select 1 from only "incident" x where id = $1 for key share of x',
      );
      const plan = async () =>
        (await query("explain execute fk_probe('00000000-0000-0000-0000-000000000000')"))
          .map((r) => Object.values(r)[0])
          .join("\n");
      expect(await plan()).toMatch(/Seq Scan/);

      const reporter = await signIn(app, "reporter");
      const filed = await Promise.all(
        Array.from({ length: 400 }, (_, k) =>
          reporter.post(
            "/api/incidents",
            {
              type: "threat_message",
              occurredAt: new Date().toISOString(),
              territoryCode: "751710000",
              description: `Мектепке қауіп туралы хат ${k} ${"ә".repeat(200)}`,
            },
            { "idempotency-key": randomUUID() },
          ),
        ),
      );
      expect(filed.every((r) => r.statusCode === 201)).toBe(true);
      // The watch runs after the answers, without holding them up.
      const t0 = Date.now();
      while (Date.now() - t0 < 10_000) {
        const [{ tuples }] = await db.query<{ tuples: number }>(
          "select reltuples::int as tuples from pg_class where relname = 'incident'",
        );
        if (Number(tuples) >= 100) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await plan()).toMatch(/Index Scan using incident_pkey/);
    } finally {
      await own?.end();
      await app.close();
      await db.close();
    }
  });
});
