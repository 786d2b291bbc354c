/**
 * Planner statistics on the embedded database (no autovacuum): at start the tables whose size moved
 * by more than a tenth since their statistics were taken are analyzed, and only those (on a server
 * too, with autovacuum off for the probe table so nothing else analyzes it meanwhile).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, refreshStatistics } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";

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
