/** The territory import on an embedded PostgreSQL (PGlite): subtree queries by path, idempotent re-runs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTerritoryRows, importTerritories } from "../../src/server/modules/registry/territories.import";
import { type Database, migrateDatabase, openDatabase } from "../../src/server/platform/db";

const ALMATY_REGION = "190000000";
let database: Database;
let imported: number;
const expected = buildTerritoryRows();

const count = async (where = "true", params: unknown[] = []) =>
  Number(
    (
      await database.query<{ n: number }>(`select count(*)::int as n from territory where ${where}`, params)
    )[0].n,
  );

beforeAll(async () => {
  database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  imported = await importTerritories(database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("importTerritories (PGlite)", () => {
  it("writes every row of the reference data", async () => {
    expect(imported).toBe(expected.length);
    expect(imported).toBeGreaterThan(10_000);
    expect(await count()).toBe(imported);
  });

  it("finds a region's districts with a path-prefix subtree query", async () => {
    const districts = await database.query<{ code: string }>(
      "select code from territory where path like $1 and level = 2 order by code",
      [`KZ/${ALMATY_REGION}/%`],
    );
    const want = expected
      .filter((r) => r.parentCode === ALMATY_REGION)
      .map((r) => r.code)
      .sort();
    expect(want).toHaveLength(11);
    expect(districts.map((d) => d.code)).toEqual(want);
    expect(want).toContain("194000000"); // Енбекшиказахский район
    // the subtree also holds the region's okrugs and villages, and nothing of other regions
    const subtree = await database.query<{ code: string }>("select code from territory where path like $1", [
      `KZ/${ALMATY_REGION}/%`,
    ]);
    expect(subtree.length).toBeGreaterThan(500);
    expect(subtree.every((r) => r.code.startsWith("19"))).toBe(true);
    expect(subtree.map((r) => r.code)).toContain("194083100"); // с.Шелек
  });

  it("stores the root, the maritime zone and the names", async () => {
    const rows = await database.query<{ code: string; path: string; type: string; name_en: string }>(
      "select code, path, type, name_en from territory where code in ('KZ', 'KZ-CASPIAN', '710000000') order by code",
    );
    expect(rows).toEqual([
      { code: "710000000", path: "KZ/710000000", type: "city_republican", name_en: "Astana" },
      { code: "KZ", path: "KZ", type: "republic", name_en: "Republic of Kazakhstan" },
      {
        code: "KZ-CASPIAN",
        path: "KZ/KZ-CASPIAN",
        type: "maritime",
        name_en: "Kazakh sector of the Caspian Sea (continental shelf)",
      },
    ]);
  });

  it("is idempotent, and a re-run restores edited rows and bodies' copies of the path", async () => {
    await database.query("update territory set name_en = 'edited', path = 'KZ/broken' where code = $1", [
      "194000000",
    ]);
    await database.query(
      `insert into body (kind, name_kk, name_ru, territory_code, search_text)
       values ('organisation', 'Тест', 'Тест', '194083100', 'тест')`,
    );
    await database.query("update body set territory_path = 'stale' where territory_code = '194083100'");

    expect(await importTerritories(database.db)).toBe(imported);
    expect(await count()).toBe(imported);
    const [d] = await database.query<{ name_en: string; path: string }>(
      "select name_en, path from territory where code = '194000000'",
    );
    expect(d).toEqual({ name_en: "Enbekshikazakh", path: "KZ/190000000/194000000" });
    const [b] = await database.query<{ territory_path: string }>(
      "select territory_path from body where territory_code = '194083100'",
    );
    expect(b.territory_path).toBe("KZ/190000000/194000000/194083000/194083100");

    // inside a caller's transaction too
    expect(await database.db.transaction((tx) => importTerritories(tx, { settlements: true }))).toBe(
      imported,
    );
    expect(await count()).toBe(imported);
  }, 120_000);
});
