/**
 * One convention for Russian territory names (src/domain/territory-names.ts, data/SOURCES.md):
 * "<adjective> область", "г. <name>" with a space, no Kazakh-only letters — checked on every unit of
 * levels 1–2 the import builds, on the map's boundaries, and on the rule itself.
 */
import { describe, expect, it } from "vitest";
import { ruGenitive } from "../../src/domain/naming";
import { KAZAKH_ONLY_LETTERS, russianTerritoryName } from "../../src/domain/territory-names";
import { buildTerritoryRows, loadGeo } from "../../src/server/modules/registry/territories.import";

const rows = buildTerritoryRows().filter((r) => r.level === 1 || r.level === 2);

describe("Russian names of regions, cities and districts", () => {
  it("every region is '<adjective> область', every city 'г. <name>', none with a Kazakh-only letter", () => {
    const regions = rows.filter((r) => r.type === "region");
    expect(regions).toHaveLength(17);
    for (const r of regions) expect(r.nameRu, r.code).toMatch(/^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)? область$/);
    const cities = rows.filter((r) => r.type === "city_republican" || r.type === "city_regional");
    expect(cities.length).toBeGreaterThan(40);
    for (const c of cities) expect(c.nameRu, c.code).toMatch(/^г\. [А-ЯЁ][^.]*$/);
    for (const r of rows) {
      if (r.type === "maritime") continue;
      expect(r.nameRu, r.code).not.toMatch(KAZAKH_ONLY_LETTERS);
      expect(r.nameRu, r.code).not.toMatch(/г\.\S/);
      expect(r.nameRu, r.code).not.toMatch(/Г\.А\./);
    }
    const byCode = new Map(rows.map((r) => [r.code, r.nameRu]));
    expect(byCode.get("620000000")).toBe("Улытауская область");
    expect(byCode.get("100000000")).toBe("Абайская область");
    expect(byCode.get("330000000")).toBe("Жетысуская область");
    expect(byCode.get("750000000")).toBe("г. Алматы");
    expect(byCode.get("710000000")).toBe("г. Астана");
    expect(byCode.get("790000000")).toBe("г. Шымкент");
    expect(byCode.get("101000000")).toBe("г. Семей");
    // Districts keep KATO's word: "<adjective> район" or "район <name>".
    for (const d of rows.filter((r) => r.type === "district"))
      expect(d.nameRu, d.code).toMatch(/^(\S.* район|район \S.*)$/);
  });

  it("the map's region boundaries carry the same names", () => {
    const byCode = new Map(rows.map((r) => [r.code, r.nameRu]));
    for (const f of loadGeo("regions").features) {
      const own = byCode.get(f.properties.kato);
      if (own) expect(f.properties.nameRu, f.properties.kato).toBe(own);
    }
  });

  it("the rule: new regions, a city's administration, a space after 'г.', letters; genitives still read", () => {
    expect(russianTerritoryName("620000000", "region", "область Ұлытау")).toBe("Улытауская область");
    expect(russianTerritoryName("750000000", "city_republican", "г.Алматы")).toBe("г. Алматы");
    expect(russianTerritoryName("191000000", "city_regional", "Қонаев Г.А.")).toBe("г. Конаев");
    expect(russianTerritoryName("100000000", "region", "область Абай")).toBe("Абайская область");
    expect(russianTerritoryName("1", "district", "район Үлкен Нарын")).toBe("район Улкен Нарын");
    expect(russianTerritoryName("1", "district", "Абайский район")).toBe("Абайский район");
    expect(ruGenitive("Улытауская область")).toBe("Улытауской области");
    expect(ruGenitive("г. Алматы")).toBe("города Алматы");
  });
});
