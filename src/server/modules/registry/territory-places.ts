/**
 * Where a territory is, from the shipped boundaries (data/regions-adm1, districts-adm2) and the points
 * the import gave settlements (gazetteer, data/SOURCES.md): the box to zoom to, its point, and the
 * boundary a point reported in it must fall in (src/domain/geo.ts). Public reference data, like the tree.
 */
import { and, isNotNull, sql } from "drizzle-orm";
import type { TerritoryPlace } from "../../../domain/contracts/map";
import { type Bbox, bboxAround, bboxOf, type PolygonGeometry, pointNearGeometry } from "../../../domain/geo";
import { pathCodes } from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { notFound } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { territoriesByCodes, territoryByCode } from "./lookups";
import { territory } from "./registry.tables";
import { DATA_DIR, type GeoProperties, loadGeo } from "./territories.import";

/** A settlement with a point only is shown this wide (km each way) when chosen. */
const SETTLEMENT_VIEW_KM = 6;

type Boundary = { code: string; names: GeoProperties; geometry: PolygonGeometry };
const boundaryCache = new Map<string, Map<string, Boundary>>();

/** The shipped boundaries by KATO code (regions and districts, after the import's fixes). */
export function boundaries(dataDir: string = DATA_DIR): Map<string, Boundary> {
  let m = boundaryCache.get(dataDir);
  if (!m) {
    m = new Map();
    for (const f of [...loadGeo("regions", dataDir).features, ...loadGeo("districts", dataDir).features])
      if (f.geometry.type !== "Point")
        m.set(f.properties.kato, { code: f.properties.kato, names: f.properties, geometry: f.geometry });
    boundaryCache.set(dataDir, m);
  }
  return m;
}

/** The deepest unit on the path (the territory itself first) that has a shipped boundary. */
export function boundaryOfPath(path: string): Boundary | null {
  const all = boundaries();
  const codes = pathCodes(path);
  for (let i = codes.length - 1; i >= 0; i--) {
    const b = all.get(codes[i]);
    if (b) return b;
  }
  return null;
}

/** Code of the unit whose boundary draws a territory (itself or an ancestor), by its path. */
export function boundaryCodeOfPath(path: string): string | null {
  return boundaryOfPath(path)?.code ?? null;
}

const bboxUnion = (a: Bbox | null, b: Bbox): Bbox =>
  a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b;

export async function territoryPlace(db: DbOrTx, code: string): Promise<TerritoryPlace> {
  const t = await territoryByCode(db, code);
  if (!t) throw notFound();
  const boundary = boundaryOfPath(t.path);
  const point: [number, number] | null = t.lon !== null && t.lat !== null ? [t.lon, t.lat] : null;
  let bbox: Bbox | null = null;
  if (boundary && boundary.code === t.code) bbox = bboxOf(boundary.geometry);
  else if (point) bbox = bboxAround(point[0], point[1], SETTLEMENT_VIEW_KM);
  else {
    // A rural okrug: the box of its settlements that have points, else its district's.
    const [box] = await db
      .select({
        w: sql<number | null>`min(${territory.lon})`,
        s: sql<number | null>`min(${territory.lat})`,
        e: sql<number | null>`max(${territory.lon})`,
        n: sql<number | null>`max(${territory.lat})`,
      })
      .from(territory)
      .where(and(sql`${territory.path} like ${`${escapeLike(t.path)}/%`}`, isNotNull(territory.lon)));
    if (box && box.w !== null && box.s !== null && box.e !== null && box.n !== null) {
      const w = Number(box.w);
      const s = Number(box.s);
      bbox = bboxUnion(
        bboxAround(w, s, SETTLEMENT_VIEW_KM),
        bboxAround(Number(box.e), Number(box.n), SETTLEMENT_VIEW_KM),
      );
    } else if (boundary) bbox = bboxOf(boundary.geometry);
  }
  return {
    code: t.code,
    names: namesOf(t),
    level: t.level,
    bbox,
    point,
    boundary: boundary
      ? {
          code: boundary.code,
          names: { kk: boundary.names.nameKk, ru: boundary.names.nameRu, en: boundary.names.nameEn },
          geometry: boundary.geometry as never,
        }
      : null,
  };
}

/**
 * A point to draw each territory at: its own (a settlement placed by the gazetteer, `exact`), else the
 * centre of the box of its boundary (its own or its nearest ancestor's) — for records without a point
 * of their own. Territories with neither (the republic, the maritime zone) are left out.
 */
export async function territoryPoints(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, { lon: number; lat: number; exact: boolean }>> {
  const out = new Map<string, { lon: number; lat: number; exact: boolean }>();
  if (codes.length === 0) return out;
  for (const t of await territoriesByCodes(db, [...new Set(codes)])) {
    if (t.lon !== null && t.lat !== null) {
      out.set(t.code, { lon: t.lon, lat: t.lat, exact: true });
      continue;
    }
    const b = boundaryOfPath(t.path);
    if (!b) continue;
    const [w, s, e, n] = bboxOf(b.geometry);
    out.set(t.code, { lon: (w + e) / 2, lat: (s + n) / 2, exact: false });
  }
  return out;
}

/**
 * Is a point outside the territory it is said to be in? Judged against the boundary of the territory or
 * its nearest ancestor that has one, with the tolerance of src/domain/geo.ts. null when the territory
 * has no boundary to judge by (the maritime zone, the republic) or is unknown.
 */
export async function pointOutsideTerritory(
  db: DbOrTx,
  code: string,
  lon: number,
  lat: number,
): Promise<{ outside: boolean; boundaryCode: string } | null> {
  const t = await territoryByCode(db, code);
  if (!t) return null;
  const b = boundaryOfPath(t.path);
  if (!b) return null;
  return { outside: !pointNearGeometry(b.geometry, lon, lat), boundaryCode: b.code };
}
