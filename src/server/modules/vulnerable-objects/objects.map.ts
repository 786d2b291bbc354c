/**
 * The objects layer of the operating picture's map: the points the reader may see inside a box (and a
 * territory), each with id, category and names — or, above `maxPoints`, grid clusters (48 cells across
 * the box) with their centre and count, so the whole country answers in one small document.
 */
import { and, isNotNull, type SQL, sql } from "drizzle-orm";
import type { ObjectMapLayer } from "../../../domain/contracts/vulnerable-objects";
import type { Actor } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { territoryByCode } from "../registry";
import { objectScopeSql, subtreeOf } from "./objects.scope";
import { vulnerableObject } from "./vulnerable-objects.tables";

/** Kazakhstan's bounding box, for a request without one. */
const COUNTRY: [number, number, number, number] = [46.4, 40.5, 87.4, 55.5];
const GRID = 48;

export async function objectMap(
  db: DbOrTx,
  actor: Actor,
  q: { bbox?: string; territory?: string; maxPoints: number },
): Promise<ObjectMapLayer> {
  const o = vulnerableObject;
  const [w, s, e, n] = q.bbox ? (q.bbox.split(",").map(Number) as [number, number, number, number]) : COUNTRY;
  const conds: SQL[] = [
    objectScopeSql(actor),
    isNotNull(o.lat),
    isNotNull(o.lon),
    sql`${o.lat} between ${Math.min(s, n)} and ${Math.max(s, n)}`,
    sql`${o.lon} between ${Math.min(w, e)} and ${Math.max(w, e)}`,
  ];
  if (q.territory) {
    const t = await territoryByCode(db, q.territory);
    if (!t) return { total: 0, clustered: false, points: [], clusters: [] };
    conds.push(subtreeOf(o.territoryPath, t.path));
  }
  const where = and(...conds)!;
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(o)
    .where(where);
  if (total <= q.maxPoints) {
    const rows = await db
      .select({ id: o.id, category: o.category, nameKk: o.nameKk, nameRu: o.nameRu, lat: o.lat, lon: o.lon })
      .from(o)
      .where(where);
    return {
      total,
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
  const cell = Math.max(Math.abs(e - w), Math.abs(n - s)) / GRID || 1;
  const clusters = await db
    .select({
      lat: sql<number>`avg(${o.lat})`.mapWith(Number),
      lon: sql<number>`avg(${o.lon})`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(o)
    .where(where)
    .groupBy(sql`floor(${o.lat} / ${cell}::float8)`, sql`floor(${o.lon} / ${cell}::float8)`);
  return { total, clustered: true, points: [], clusters };
}
