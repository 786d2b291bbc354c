/** The territory tree (KATO, R3): list and search in Kazakh and Russian, one unit with its ancestors. */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { normaliseSearch } from "../../../domain/search";
import { pathCodes } from "../../../domain/territory";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, notFound } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { type body, territory } from "./registry.tables";

type TerritoryRow = typeof territory.$inferSelect;

export function presentTerritory(t: TerritoryRow) {
  return {
    code: t.code,
    parentCode: t.parentCode,
    level: t.level,
    type: t.type as never,
    iso: t.iso,
    names: namesOf(t),
    path: t.path,
    hasGeometry: t.hasGeometry,
  };
}

type SearchColumn = typeof body.searchText | typeof territory.searchText;

/**
 * Search in two passes over a normalised search_text column (both served by its pg_trgm GIN index):
 *  1. exact: every word of the query occurs as a substring; ranked by whole-phrase match, then the
 *     earliest position and the shortest text — cheap string operations, no similarity maths;
 *  2. typo-tolerant, only when pass 1 finds nothing: each word (3+ letters) is word-similar (<%)
 *     to some part of the text, ranked by word similarity of the whole query.
 * Kazakh letters are folded to Russian-keyboard ones on both sides (normaliseSearch).
 */
export function searchPlan(column: SearchColumn, q: string) {
  const phrase = normaliseSearch(q);
  const words = phrase.split(" ").filter(Boolean).slice(0, 8);
  const like = (w: string) => sql`${column} like ${`%${escapeLike(w)}%`}`;
  return {
    exact: and(...words.map(like))!,
    exactOrder: [
      desc(sql`${column} like ${`%${escapeLike(phrase)}%`}`),
      asc(sql`position(${words[0] ?? ""} in ${column})`),
      asc(sql`length(${column})`),
    ],
    fuzzy: and(...words.map((w) => (w.length >= 3 ? sql`${w} <% ${column}` : like(w))))!,
    fuzzyOrder: [desc(sql`word_similarity(${phrase}, ${column})`)],
  };
}

export async function listTerritories(
  database: Database,
  q: { parent?: string; q?: string; maxLevel?: number; limit: number },
) {
  const conds: SQL[] = [];
  if (q.parent) conds.push(eq(territory.parentCode, q.parent));
  if (q.maxLevel !== undefined) conds.push(sql`${territory.level} <= ${q.maxLevel}`);
  const page = (where: SQL[], order: SQL[]) =>
    database.db
      .select()
      .from(territory)
      .where(where.length ? and(...where) : undefined)
      .orderBy(...order, asc(territory.level), asc(territory.code))
      .limit(q.limit);
  if (!q.q) return { items: await withinNames(database.db, await page(conds, [])) };
  const plan = searchPlan(territory.searchText, q.q);
  let rows = await page([...conds, plan.exact], plan.exactOrder);
  if (rows.length === 0) rows = await page([...conds, plan.fuzzy], plan.fuzzyOrder);
  return { items: await withinNames(database.db, rows) };
}

/**
 * Each unit with the names of the units it lies within, nearest first (district, then region; the
 * republic left out): five villages named "Алмалы" are told apart by where they are. One query.
 */
async function withinNames(db: DbOrTx, rows: TerritoryRow[]) {
  const above = (t: TerritoryRow) => pathCodes(t.path).slice(1, -1).reverse();
  const codes = [...new Set(rows.flatMap(above))];
  const found = codes.length ? await db.select().from(territory).where(inArray(territory.code, codes)) : [];
  const byCode = new Map(found.map((t) => [t.code, t]));
  return rows.map((t) => ({
    ...presentTerritory(t),
    within: above(t).flatMap((c) => {
      const a = byCode.get(c);
      return a ? [{ code: a.code, type: a.type as never, names: namesOf(a) }] : [];
    }),
  }));
}

export async function getTerritory(database: DbOrTx | Database, code: string) {
  const db = "db" in database ? database.db : database;
  const [t] = await db.select().from(territory).where(eq(territory.code, code));
  if (!t) throw notFound();
  const ancestorCodes = pathCodes(t.path).slice(0, -1);
  const ancestors = ancestorCodes.length
    ? await db
        .select()
        .from(territory)
        .where(inArray(territory.code, ancestorCodes))
        .orderBy(asc(territory.level))
    : [];
  const [c] = await db.select({ n: count() }).from(territory).where(eq(territory.parentCode, code));
  return {
    ...presentTerritory(t),
    ancestors: ancestors.map(presentTerritory),
    childCount: Number(c?.n ?? 0),
  };
}

export async function territoryRow(db: DbOrTx, code: string): Promise<TerritoryRow> {
  const [t] = await db.select().from(territory).where(eq(territory.code, code));
  if (!t) throw fieldError("territoryCode", "invalid_kato");
  return t;
}

/* ------------------------------------------------------------------ read scope */

/** Paths of a path and all its ancestors: "KZ/75/7517" → ["KZ", "KZ/75", "KZ/75/7517"]. */
export function ancestorPaths(path: string): string[] {
  const codes = pathCodes(path);
  return codes.map((_, i) => codes.slice(0, i + 1).join("/"));
}
