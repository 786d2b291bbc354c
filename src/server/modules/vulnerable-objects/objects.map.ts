/**
 * The objects layer of the operating picture's map: the points the reader may see inside a box (and a
 * territory), each with id, category and names — or, above `maxPoints`, grid clusters (48 cells across
 * the box) with their centre and count, so the whole country answers in one small document.
 *
 * One aggregate by grid cell answers both the count and the clusters (the cell as one small integer:
 * the planner hashes it instead of sorting 50,000 rows); only a view of at most `maxPoints` objects
 * reads the points. A clustered answer is held until an object changes (cache-until-objects-change.ts).
 */
import { and, isNotNull, type SQL, sql } from "drizzle-orm";
import type { ObjectMapLayer } from "../../../domain/contracts/vulnerable-objects";
import type { Actor } from "../../../domain/roles";
import { objectReadScope } from "../../../domain/vulnerable-objects";
import type { DbOrTx } from "../../platform/db";
import { territoryByCode } from "../registry";
import { untilObjectsChange } from "./cache-until-objects-change";
import { objectScopeSql, subtreeOf } from "./objects.scope";
import { vulnerableObject } from "./vulnerable-objects.tables";

/** Kazakhstan's bounding box, for a request without one. */
const COUNTRY: [number, number, number, number] = [46.4, 40.5, 87.4, 55.5];
const GRID = 48;

type MapQuery = { bbox?: string; territory?: string; maxPoints: number };

/** What the answer depends on besides the objects: the reader's scope and the query. */
export function objectMapKey(actor: Actor, q: MapQuery) {
  const { ownerBodyIds, paths } = objectReadScope(actor);
  return JSON.stringify([
    [...paths].sort(),
    [...ownerBodyIds].sort(),
    q.bbox ?? "",
    q.territory ?? "",
    q.maxPoints,
  ]);
}

export async function objectMap(db: DbOrTx, actor: Actor, q: MapQuery): Promise<ObjectMapLayer> {
  return untilObjectsChange(
    db,
    "map",
    objectMapKey(actor, q),
    () => computeObjectMap(db, actor, q),
    (a) => a.clustered,
  );
}

async function computeObjectMap(db: DbOrTx, actor: Actor, q: MapQuery): Promise<ObjectMapLayer> {
  const o = vulnerableObject;
  const [w0, s0, e0, n0] = q.bbox
    ? (q.bbox.split(",").map(Number) as [number, number, number, number])
    : COUNTRY;
  const [w, e, s, n] = [Math.min(w0, e0), Math.max(w0, e0), Math.min(s0, n0), Math.max(s0, n0)];
  const conds: SQL[] = [
    objectScopeSql(actor),
    isNotNull(o.lat),
    isNotNull(o.lon),
    sql`${o.lat} between ${s} and ${n}`,
    sql`${o.lon} between ${w} and ${e}`,
  ];
  if (q.territory) {
    const t = await territoryByCode(db, q.territory);
    if (!t) return { total: 0, clustered: false, points: [], clusters: [] };
    conds.push(subtreeOf(o.territoryPath, t.path));
  }
  const where = and(...conds)!;
  const cell = Math.max(e - w, n - s) / GRID || 1;
  // Cell indices are 0..GRID inside the box: (row, column) as one integer.
  const cellOf = sql`(floor((${o.lat} - ${s}::float8) / ${cell}::float8)::int * ${GRID + 2}::int + floor((${o.lon} - ${w}::float8) / ${cell}::float8)::int)`;
  const clusters = await db
    .select({
      lat: sql<number>`avg(${o.lat})`.mapWith(Number),
      lon: sql<number>`avg(${o.lon})`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(o)
    .where(where)
    .groupBy(cellOf);
  const total = clusters.reduce((sum, c) => sum + c.count, 0);
  if (total > q.maxPoints) return { total, clustered: true, points: [], clusters };
  const rows = await db
    .select({ id: o.id, category: o.category, nameKk: o.nameKk, nameRu: o.nameRu, lat: o.lat, lon: o.lon })
    .from(o)
    .where(where);
  return {
    total: rows.length,
    clustered: false,
    points: rows.map((r) => ({
      id: r.id,
      category: r.category,
      names: { kk: r.nameKk, ru: r.nameRu, en: r.nameRu },
      lat: r.lat!,
      lon: r.lon!,
    })),
    clusters: [],
  };
}
