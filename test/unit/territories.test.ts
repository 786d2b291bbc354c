/** Territory reference data (R3, R18) and the known fixes of data/SOURCES.md, one test each. */
import { describe, expect, it } from "vitest";
import { isTerritoryCode } from "../../src/domain/territory";
import { buildTerritoryRows, loadGeo, parseCsv } from "../../src/server/modules/registry/territories.import";

const rows = buildTerritoryRows();
const byCode = new Map(rows.map((r) => [r.code, r]));
const l12 = rows.filter((r) => r.level === 1 || r.level === 2).filter((r) => r.type !== "maritime");
const districts = loadGeo("districts");
const districtCodes = new Set(districts.features.map((f) => f.properties.kato));

describe("territory tree", () => {
  it("has all 247 units of levels 1–2, the root and the maritime zone", () => {
    expect(l12).toHaveLength(247);
    expect(rows.filter((r) => r.type === "region")).toHaveLength(17);
    expect(
      rows
        .filter((r) => r.type === "city_republican")
        .map((r) => r.code)
        .sort(),
    ).toEqual(["710000000", "750000000", "790000000"]);
    expect(byCode.get("KZ")?.level).toBe(0);
    expect(byCode.get("KZ-CASPIAN")).toMatchObject({
      type: "maritime",
      parentCode: "KZ",
      path: "KZ/KZ-CASPIAN",
    });
  });

  it("every code is valid, every parent exists and every path is its parent's path plus its code", () => {
    for (const r of rows) {
      expect(isTerritoryCode(r.code), r.code).toBe(true);
      if (r.parentCode === null) continue;
      const p = byCode.get(r.parentCode!);
      expect(p, r.code).toBeDefined();
      expect(r.path).toBe(`${p!.path}/${r.code}`);
    }
  });

  it("levels 1–2 have names in Kazakh, Russian and English and ISO codes KZ-<digits>", () => {
    for (const r of l12) {
      expect(r.nameKk && r.nameRu && r.nameEn, r.code).toBeTruthy();
      expect(r.iso, r.code).toMatch(/^KZ-\d{2}$/);
    }
    expect(byCode.get("710000000")?.iso).toBe("KZ-71");
  });

  it("includes settlements from the full KATO, attached to their district", () => {
    const settlements = rows.filter((r) => r.level >= 3);
    expect(settlements.length).toBeGreaterThan(10_000);
    const village = rows.find((r) => r.type === "settlement" && r.path.startsWith("KZ/100000000/103200000/"));
    expect(village).toBeDefined();
  });

  it("parses quoted CSV fields with doubled quotes", () => {
    expect(parseCsv('a,b\n1,"с.""Қоянды"""\n')).toEqual([{ a: "1", b: 'с."Қоянды"' }]);
  });
});

describe("known fixes to the geokz boundaries (data/SOURCES.md)", () => {
  it("Жаңасемей district has its own code 104100000, not Semey's 101010000", () => {
    expect(districtCodes.has("104100000")).toBe(true);
    expect(districtCodes.has("101010000")).toBe(false);
    expect(byCode.get("104100000")?.hasGeometry).toBe(true);
  });

  it("Satpaev is 622000000, not 622010000", () => {
    expect(districtCodes.has("622000000")).toBe(true);
    expect(districtCodes.has("622010000")).toBe(false);
    expect(byCode.get("622000000")?.hasGeometry).toBe(true);
  });

  it("Sauran, Марқакөл and Үлкен Нарын have no geometry", () => {
    for (const code of ["615500000", "635500000", "636300000"]) {
      expect(byCode.get(code)?.hasGeometry, code).toBe(false);
      expect(districtCodes.has(code)).toBe(false);
    }
  });

  it("the capital is Astana, not Nur-Sultan, in the boundaries and the region centres", () => {
    const json = JSON.stringify([
      loadGeo("regions").features.map((f) => f.properties),
      loadGeo("centres").features.map((f) => f.properties),
    ]);
    expect(json).not.toMatch(/Nur-Sultan|Нұр-Сұлтан|Нур-Султан/);
    const astana = loadGeo("regions").features.find((f) => f.properties.kato === "710000000");
    expect(astana?.properties.nameEn).toBe("Astana");
  });

  it("ISO codes are the KATO-digit ones, not geokz letter codes", () => {
    expect(rows.some((r) => /^KZ-[A-Z]{3}$/.test(r.iso ?? ""))).toBe(false);
  });

  it("every region and all but the three missing districts have geometry", () => {
    expect(loadGeo("regions").features).toHaveLength(20);
    const withoutGeometry = l12.filter((r) => !r.hasGeometry).map((r) => r.code);
    expect(withoutGeometry.filter((c) => !["615500000", "635500000", "636300000"].includes(c)).length).toBe(
      l12.filter((r) => !r.hasGeometry).length - 3,
    );
  });
});
