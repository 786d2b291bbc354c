/**
 * Territories (R3, R18) from the shipped reference data (data/SOURCES.md):
 *  - levels 1–2 (17 regions, 3 cities of republican significance, their districts, cities of regional
 *    significance and city districts) from territories-l1-l2.csv — the newer reference, kk/ru/en;
 *  - levels 3–4 (rural okrugs, settlement akimats, towns, villages) from the full KATO of 17.10.2022,
 *    Russian names only (used for kk and en too);
 *  - the root "KZ" and the maritime zone "KZ-CASPIAN" (not a KATO unit; defined here for the marine HQ).
 * Known problems of the geokz boundaries are fixed here (GEO_FIXES), each with a test.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { buildSearchText } from "../../../domain/search";
import {
  isTerritoryCode,
  MARITIME_TERRITORY,
  ROOT_TERRITORY,
  type TerritoryType,
} from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { territory } from "./registry.tables";

export type TerritoryRow = typeof territory.$inferInsert;

export const DATA_DIR = resolve(import.meta.dirname, "../../../../data");

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
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
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/**
 * Fixes to the geokz boundary files (data/SOURCES.md "Known problems"):
 *  - Жаңасемей district carries Semey city's code 101010000 → 104100000;
 *  - Satpaev carries 622010000 → 622000000;
 *  - Sauran, Марқакөл and Үлкен Нарын have no polygon (they get hasGeometry = false);
 *  - names ("Nur-Sultan") and ISO letter codes are not used: names and ISO come from the KATO CSV.
 */
export const GEO_CODE_FIXES: Record<string, string> = { "101010000": "104100000", "622010000": "622000000" };

/** Units created after geokz (2024) have no English name in the reference CSV: transliterated here. */
export const MISSING_EN_NAMES: Record<string, string> = {
  "104100000": "Zhanasemey",
  "615500000": "Sauran",
  "622000000": "Satpaev",
  "635500000": "Markakol",
  "636300000": "Ulken Naryn",
};

export const MARITIME_NAMES = {
  kk: "Каспий теңізінің қазақстандық секторы (континенттік қайраң)",
  ru: "Казахстанский сектор Каспийского моря (континентальный шельф)",
  en: "Kazakh sector of the Caspian Sea (continental shelf)",
};

type Feature = { type: "Feature"; properties: Record<string, unknown>; geometry: unknown };
export type FeatureCollection = { type: "FeatureCollection"; features: Feature[] };
export type GeoKind = "regions" | "districts" | "centres";
const GEO_FILES: Record<GeoKind, string> = {
  regions: "regions-adm1.geojson",
  districts: "districts-adm2.geojson",
  centres: "region-centres.geojson",
};

const l12Cache = new Map<string, Record<string, string>[]>();
function l12Rows(dataDir: string) {
  let rows = l12Cache.get(dataDir);
  if (!rows) {
    rows = parseCsv(readFileSync(join(dataDir, "territories-l1-l2.csv"), "utf8"));
    l12Cache.set(dataDir, rows);
  }
  return rows;
}

const geoCache = new Map<string, FeatureCollection>();

/**
 * Boundaries with properties normalised to { kato, nameKk, nameRu, nameEn } after the fixes; names come
 * from the KATO reference (so the capital is Astana, not Nur-Sultan). Region centres keep their own
 * city names (with the capital renamed).
 */
export function loadGeo(kind: GeoKind, dataDir = DATA_DIR): FeatureCollection {
  const key = `${dataDir}:${kind}`;
  const cached = geoCache.get(key);
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(join(dataDir, GEO_FILES[kind]), "utf8")) as FeatureCollection;
  const names = new Map(l12Rows(dataDir).map((r) => [r.kato, r]));
  const features = raw.features.map((f) => {
    const p = f.properties;
    const kato = GEO_CODE_FIXES[String(p.KATO)] ?? String(p.KATO);
    let props: Record<string, string>;
    if (kind === "centres") {
      const renamed = (s: unknown) =>
        String(s ?? "")
          .replace(/^Nur-Sultan$/, "Astana")
          .replace(/^Нұр-Сұлтан$|^Нур-Султан$/, "Астана");
      props = { kato, nameKk: renamed(p.NAME_KK), nameRu: renamed(p.NAME_RU), nameEn: renamed(p.NAME_EN) };
    } else {
      const n = names.get(kato);
      props = {
        kato,
        nameKk: n?.name_kk ?? String(p.ADM2_KK ?? p.ADM1_KK ?? ""),
        nameRu: n?.name_ru ?? String(p.ADM2_RU ?? p.ADM1_RU ?? ""),
        nameEn: (n?.name_en || MISSING_EN_NAMES[kato] || String(p.ADM2_EN ?? p.ADM1_EN ?? "")).replace(
          /\s*\(city\)$/,
          "",
        ),
      };
    }
    return { type: "Feature" as const, properties: props, geometry: f.geometry };
  });
  const fc: FeatureCollection = { type: "FeatureCollection", features };
  geoCache.set(key, fc);
  return fc;
}

/** Types of the 2022 KATO's kind guesses at levels 3–5. */
function lowerLevelType(kindGuess: string, depth: number): TerritoryType {
  if (depth === 3 && kindGuess !== "city") return "rural_okrug"; // rural okrug, settlement akimat, city-district akimat
  return "settlement"; // towns, villages, settlements and other populated places
}

export function buildTerritoryRows(opts: { settlements?: boolean; dataDir?: string } = {}): TerritoryRow[] {
  const dataDir = opts.dataDir ?? DATA_DIR;
  const withGeometry = new Set([
    ...loadGeo("regions", dataDir).features.map((f) => String(f.properties.kato)),
    ...loadGeo("districts", dataDir).features.map((f) => String(f.properties.kato)),
  ]);
  const rows: TerritoryRow[] = [];
  const pathOf = new Map<string, string>();
  const add = (r: Omit<TerritoryRow, "path" | "searchText">) => {
    const parentPath = r.parentCode ? pathOf.get(r.parentCode) : undefined;
    if (r.parentCode && !parentPath) return false;
    const path = parentPath ? `${parentPath}/${r.code}` : r.code;
    pathOf.set(r.code, path);
    rows.push({ ...r, path, searchText: buildSearchText([r.nameKk, r.nameRu, r.nameEn, r.code]) });
    return true;
  };

  add({
    code: ROOT_TERRITORY,
    parentCode: null,
    level: 0,
    type: "republic",
    iso: "KZ",
    nameKk: "Қазақстан Республикасы",
    nameRu: "Республика Казахстан",
    nameEn: "Republic of Kazakhstan",
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

  const l12 = [...l12Rows(dataDir)].sort(
    (a, b) => Number(a.level) - Number(b.level) || a.kato.localeCompare(b.kato),
  );
  for (const r of l12) {
    add({
      code: r.kato,
      parentCode: r.parent_kato || ROOT_TERRITORY,
      level: Number(r.level),
      type: r.unit_type as TerritoryType,
      iso: r.iso_3166_2 || null,
      nameKk: r.name_kk,
      nameRu: r.name_ru,
      nameEn: (r.name_en || MISSING_EN_NAMES[r.kato] || r.name_ru).replace(/\s*\(city\)$/, ""),
      hasGeometry: withGeometry.has(r.kato),
    });
  }

  if (opts.settlements !== false) {
    const full = parseCsv(readFileSync(join(dataDir, "kato-2022-10-17-ru.csv"), "utf8"));
    const known = new Set(l12.map((r) => r.kato));
    const lower = full
      .filter((r) => Number(r.tree_depth) >= 3 && !known.has(r.kato) && r.kind_guess !== "city_district")
      .sort((a, b) => Number(a.tree_depth) - Number(b.tree_depth) || a.kato.localeCompare(b.kato));
    for (const r of lower) {
      if (!isTerritoryCode(r.kato)) continue;
      const depth = Number(r.tree_depth);
      // Units whose parent is not in the tree (a level-2 unit dropped from the newer reference) are skipped.
      add({
        code: r.kato,
        parentCode: r.parent_kato,
        level: Math.min(depth, 4),
        type: lowerLevelType(r.kind_guess, depth),
        iso: null,
        nameKk: r.name_ru,
        nameRu: r.name_ru,
        nameEn: r.name_ru,
        hasGeometry: false,
      });
    }
  }
  return rows;
}

/** Upsert every territory (parents first), idempotent. Returns the number of rows written. */
export async function importTerritories(db: DbOrTx, opts: { settlements?: boolean } = {}): Promise<number> {
  const rows = buildTerritoryRows(opts);
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(territory)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: territory.code,
        set: {
          parentCode: sql`excluded.parent_code`,
          level: sql`excluded.level`,
          type: sql`excluded.type`,
          iso: sql`excluded.iso`,
          nameKk: sql`excluded.name_kk`,
          nameRu: sql`excluded.name_ru`,
          nameEn: sql`excluded.name_en`,
          path: sql`excluded.path`,
          searchText: sql`excluded.search_text`,
          hasGeometry: sql`excluded.has_geometry`,
        },
      });
  }
  return rows.length;
}
