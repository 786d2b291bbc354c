/** Territory reference data (R3, R18) and the known fixes of data/SOURCES.md, one test each. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTerritoryCode } from "../../src/domain/territory";
import {
  buildTerritoryRows,
  DATA_DIR,
  loadGeo,
  lowerUnitType,
  parseCsv,
  resolveParent,
  structuralAncestors,
} from "../../src/server/modules/registry/territories.import";

const rows = buildTerritoryRows();
const byCode = new Map(rows.map((r) => [r.code, r]));
const l12 = rows.filter((r) => (r.level === 1 || r.level === 2) && r.type !== "maritime");
const l12Csv = parseCsv(readFileSync(join(DATA_DIR, "territories-l1-l2.csv"), "utf8"));
const districtCodes = new Set(loadGeo("districts").features.map((f) => f.properties.kato));
const MISSING = ["615500000", "635500000", "636300000"]; // Sauran, Марқакөл, Үлкен Нарын

describe("territory tree", () => {
  it("has all 247 units of levels 1–2 (exactly those of the CSV), the root and the maritime zone", () => {
    expect(l12).toHaveLength(247);
    expect(l12.map((r) => r.code).sort()).toEqual(l12Csv.map((r) => r.kato).sort());
    expect(byCode.get("KZ")).toMatchObject({ level: 0, type: "republic", parentCode: null, path: "KZ" });
    expect(byCode.get("KZ")).toMatchObject({
      nameKk: "Қазақстан Республикасы",
      nameRu: "Республика Казахстан",
      nameEn: "Republic of Kazakhstan",
    });
    expect(byCode.get("KZ-CASPIAN")).toMatchObject({
      level: 1,
      type: "maritime",
      parentCode: "KZ",
      iso: null,
      path: "KZ/KZ-CASPIAN",
      nameRu: "Казахстанский сектор Каспийского моря (континентальный шельф)",
    });
    expect(rows.filter((r) => r.type === "maritime")).toHaveLength(1);
  });

  it("has 17 regions and 3 cities of republican significance at level 1, under the root", () => {
    const regions = rows.filter((r) => r.type === "region");
    expect(regions).toHaveLength(17);
    const cities = rows.filter((r) => r.type === "city_republican");
    expect(cities.map((r) => r.code).sort()).toEqual(["710000000", "750000000", "790000000"]);
    for (const r of [...regions, ...cities]) expect(r).toMatchObject({ level: 1, parentCode: "KZ" });
    expect(byCode.get("710000000")).toMatchObject({
      nameKk: "Астана қ.",
      nameRu: "г. Астана",
      nameEn: "Astana",
    });
  });

  it("every code is valid, every parent exists, every path is its parent's path plus its code", () => {
    for (const r of rows) {
      expect(isTerritoryCode(r.code), r.code).toBe(true);
      if (r.code === "KZ") continue;
      const p = byCode.get(r.parentCode!);
      expect(p, r.code).toBeDefined();
      expect(r.path, r.code).toBe(`${p!.path}/${r.code}`);
      expect(r.level, r.code).toBe(Math.min(4, p!.level + 1));
      expect(r.searchText.length, r.code).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    // parents come before their children (the import relies on it)
    const seen = new Set<string>();
    for (const r of rows) {
      if (r.parentCode) expect(seen.has(r.parentCode), r.code).toBe(true);
      seen.add(r.code);
    }
  });

  it("levels 1–2 have names in Kazakh, Russian and English and ISO codes KZ-<digits>", () => {
    for (const r of l12) {
      expect(r.nameKk.trim(), r.code).not.toBe("");
      expect(r.nameRu.trim(), r.code).not.toBe("");
      expect(r.nameEn.trim(), r.code).not.toBe("");
      expect(r.nameEn, r.code).not.toMatch(/\(city\)/);
      expect(r.iso, r.code).toMatch(/^KZ-\d{2}$/);
      expect(r.iso, r.code).toBe(`KZ-${r.code.slice(0, 2)}`);
    }
  });

  it("includes the settlements of the full KATO; a known village resolves to its district", () => {
    const lower = rows.filter((r) => r.level >= 3);
    expect(lower.length).toBeGreaterThan(10_000);
    for (const r of lower) expect(r.nameKk === r.nameRu && r.nameEn === r.nameRu, r.code).toBe(true);
    // с.Шелек, Енбекшиказахский район, Алматинская область
    expect(byCode.get("194083100")).toMatchObject({
      nameRu: "с.Шелек",
      type: "settlement",
      level: 4,
      path: "KZ/190000000/194000000/194083000/194083100",
    });
    expect(byCode.get("194083000")).toMatchObject({ type: "rural_okrug", level: 3 });
    // a wintering place of a village (5th KATO code level) stays under that village, at level 4
    expect(byCode.get("101035102")).toMatchObject({ parentCode: "101035100", level: 4, type: "settlement" });
  });

  it("types the units below level 2 from the KATO kind (documented in lowerUnitType)", () => {
    expect(lowerUnitType("rural_okrug_or_akimat", "Абралинский с.о.")).toBe("rural_okrug");
    expect(lowerUnitType("settlement_akimat", "Чаганская п.а.")).toBe("rural_okrug");
    expect(lowerUnitType("city_district_significance_admin", "Аягоз г.а.")).toBe("rural_okrug");
    expect(lowerUnitType("city", "г.Семей")).toBe("settlement");
    expect(lowerUnitType("other", "зимовка Жанабаз")).toBe("settlement");
    expect(byCode.get("151011100")).toMatchObject({ type: "city_district", nameRu: "район Астана" });
    expect(byCode.get("351011000")).toMatchObject({ type: "city_district", level: 3 });
  });

  it("re-attaches a unit whose parent is missing to the nearest ancestor by code structure", () => {
    expect(structuralAncestors("101033102")).toEqual(["101033100", "101033000", "101000000", "100000000"]);
    expect(structuralAncestors("631000200")).toEqual(["631000000", "630000000"]);
    const have = new Set(["100000000", "101000000"]);
    expect(resolveParent("101033102", "101033100", (c) => have.has(c))).toBe("101000000");
    expect(resolveParent("101033000", "101000000", (c) => have.has(c))).toBe("101000000");
    expect(resolveParent("111033000", "111000000", (c) => have.has(c))).toBeNull();
  });

  it("skips level-2 units of the 2022 KATO that the newer reference lacks, keeping their settlements", () => {
    const dir = mkdtempSync(join(tmpdir(), "qorgan-territories-"));
    const fc = (features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
    const poly = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    writeFileSync(
      join(dir, "territories-l1-l2.csv"),
      "kato,parent_kato,level,unit_type,iso_3166_2,name_kk,name_ru,name_en\n" +
        "190000000,,1,region,KZ-19,Алматы облысы,Алматинская область,Almaty\n" +
        "194000000,190000000,2,district,KZ-19,Еңбекшіқазақ ауданы,Енбекшиказахский район,Enbekshikazakh\n",
    );
    writeFileSync(
      join(dir, "kato-2022-10-17-ru.csv"),
      "kato,parent_kato,code_level,tree_depth,ab,cd,ef,hhh,kind_guess,name_ru\n" +
        "190000000,,1,1,19,00,00,000,region,Алматинская область\n" +
        "194000000,190000000,2,2,19,40,00,000,district,Енбекшиказахский район\n" +
        "194083000,194000000,3,3,19,40,83,000,rural_okrug_or_akimat,Шелекский с.о.\n" +
        "194083100,194083000,4,4,19,40,83,100,village,с.Шелек\n" +
        "195000000,190000000,2,2,19,50,00,000,district,Упразднённый район\n" +
        '195033000,195000000,3,3,19,50,33,000,rural_okrug_or_akimat,"Тестовый с.о., ""старый"""\n' +
        "195033100,195033000,4,4,19,50,33,100,village,с.Тест\n",
    );
    writeFileSync(
      join(dir, "regions-adm1.geojson"),
      fc([{ type: "Feature", properties: { KATO: "190000000" }, geometry: poly }]),
    );
    writeFileSync(
      join(dir, "districts-adm2.geojson"),
      fc([{ type: "Feature", properties: { KATO: "194000000" }, geometry: poly }]),
    );
    const t = new Map(buildTerritoryRows({ dataDir: dir }).map((r) => [r.code, r]));
    expect(t.has("195000000")).toBe(false);
    expect(t.get("195033000")).toMatchObject({
      parentCode: "190000000",
      level: 2,
      path: "KZ/190000000/195033000",
      nameRu: 'Тестовый с.о., "старый"',
    });
    expect(t.get("195033100")).toMatchObject({ parentCode: "195033000", level: 3 });
    expect(t.get("194083100")?.path).toBe("KZ/190000000/194000000/194083000/194083100");
    expect(t.get("194000000")?.hasGeometry).toBe(true);
    expect(buildTerritoryRows({ dataDir: dir, settlements: false })).toHaveLength(4);
  });

  it("parses RFC 4180 CSV: quoted commas, doubled quotes, CRLF, newlines in quotes, BOM", () => {
    expect(parseCsv('\uFEFFa,b\r\n1,"с.""Қоянды"", 2"\r\n2,"x\ny"\n')).toEqual([
      { a: "1", b: 'с."Қоянды", 2' },
      { a: "2", b: "x\ny" },
    ]);
  });
});

describe("known fixes to the geokz boundaries (data/SOURCES.md)", () => {
  it("Жаңасемей district has its own code 104100000, not Semey town's 101010000", () => {
    expect(districtCodes.has("104100000")).toBe(true);
    expect(districtCodes.has("101010000")).toBe(false);
    expect(byCode.get("104100000")).toMatchObject({ hasGeometry: true, nameEn: "Zhanasemey" });
    expect(byCode.get("101010000")).toMatchObject({ nameRu: "г.Семей", hasGeometry: false });
    // the region centres rightly use 101010000 for the town of Semey: not remapped there
    const semey = loadGeo("centres").features.find((f) => f.properties.kato === "101010000");
    expect(semey?.properties.nameEn).toBe("Semey");
  });

  it("Satpaev (city of regional significance, level 2) is 622000000, not the town's level-3 code 622010000", () => {
    expect(districtCodes.has("622000000")).toBe(true);
    expect(districtCodes.has("622010000")).toBe(false);
    expect(byCode.get("622000000")).toMatchObject({ level: 2, type: "city_regional", hasGeometry: true });
    expect(byCode.get("622010000")).toMatchObject({ level: 3, hasGeometry: false });
  });

  it("Sauran, Марқакөл and Үлкен Нарын have no geometry — and they are the only level 1–2 units without", () => {
    for (const code of MISSING) expect(districtCodes.has(code), code).toBe(false);
    expect(
      l12
        .filter((r) => !r.hasGeometry)
        .map((r) => r.code)
        .sort(),
    ).toEqual(MISSING);
  });

  it("the capital is Astana, not Nur-Sultan, in the boundaries and the region centres", () => {
    const json = JSON.stringify(
      (["regions", "districts", "centres"] as const).map((k) => loadGeo(k).features.map((f) => f.properties)),
    );
    expect(json).not.toMatch(/Nur-Sultan|Нұр-Сұлтан|Нур-Султан/);
    const centre = loadGeo("centres").features.find((f) => f.properties.kato === "710000000");
    expect(centre?.properties).toEqual({
      kato: "710000000",
      nameKk: "Астана",
      nameRu: "Астана",
      nameEn: "Astana",
    });
    const region = loadGeo("regions").features.find((f) => f.properties.kato === "710000000");
    expect(region?.properties.nameEn).toBe("Astana");
  });

  it("ISO codes are the KATO-digit ones (KZ-10 … KZ-79), not geokz letter codes", () => {
    expect(rows.filter((r) => r.level === 1 && r.type !== "maritime").map((r) => r.iso)).toEqual(
      expect.arrayContaining(["KZ-10", "KZ-71", "KZ-75", "KZ-79"]),
    );
    expect(rows.some((r) => /^KZ-[A-Z]{3}$/.test(r.iso ?? ""))).toBe(false);
  });
});

describe("loadGeo", () => {
  it("returns the 20 regions with normalised properties", () => {
    const regions = loadGeo("regions");
    expect(regions.features).toHaveLength(20);
    for (const f of regions.features) {
      expect(Object.keys(f.properties).sort()).toEqual(["kato", "nameEn", "nameKk", "nameRu"]);
      expect(byCode.get(f.properties.kato)?.level, f.properties.kato).toBe(1);
      expect(["Polygon", "MultiPolygon"]).toContain(f.geometry.type);
    }
  });

  it("returns 224 districts, each carrying the (fixed) KATO code of a level-2 unit", () => {
    const districts = loadGeo("districts");
    expect(districts.features).toHaveLength(224);
    expect(districtCodes.size).toBe(224);
    for (const f of districts.features) {
      expect(byCode.get(f.properties.kato)?.level, f.properties.kato).toBe(2);
      expect(f.properties.nameKk, f.properties.kato).toBe(byCode.get(f.properties.kato)?.nameKk);
    }
  });

  it("is cached", () => {
    expect(loadGeo("districts")).toBe(loadGeo("districts"));
  });
});
