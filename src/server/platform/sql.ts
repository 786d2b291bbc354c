/** Small SQL/presentation helpers shared by the modules. */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Names } from "../../domain/contracts/common";
import type { DbOrTx } from "./db";

/** Escape LIKE wildcards in user or path text used as a prefix/substring pattern. */
export const escapeLike = (s: string) => s.replace(/[%_\\]/g, "\\$&");

/** A row's names in the three languages; English falls back to Russian. */
export const namesOf = (r: { nameKk: string; nameRu: string; nameEn: string }): Names => ({
  kk: r.nameKk,
  ru: r.nameRu,
  en: r.nameEn || r.nameRu,
});

/** Rows of a raw drizzle `sql` query on either driver (both answer `{ rows }`). */
export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Insert many rows in one statement with ONE parameter: the rows as a JSON array, unpacked by
 * jsonb_to_recordset (a statement as cheap to build, send and parse for 200 rows as for one; rows
 * are inserted in the array's order). `computed`: columns given by an SQL expression instead of a
 * value. `insertRowsSql` is the statement (RETURNING *), to run or to use in a larger one;
 * `insertRows` runs it and returns the inserted rows mapped as Drizzle maps them.
 */
export function insertRowsSql<T extends PgTable>(
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
  opts: {
    computed?: Partial<Record<keyof T["$inferInsert"], SQL>>;
    onConflictDoNothing?: (keyof T["$inferSelect"])[];
  } = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const computed = (opts.computed ?? {}) as Record<string, SQL>;
  const keys = Object.keys(columns).filter(
    (k) => k in computed || rows.some((r) => (r as Record<string, unknown>)[k] !== undefined),
  );
  const valueKeys = keys.filter((k) => !(k in computed));
  const data = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of valueKeys) {
      const v = (r as Record<string, unknown>)[k];
      o[columns[k].name] = v === undefined ? null : v instanceof Date ? v.toISOString() : v;
    }
    return o;
  });
  // Column lists as raw text (one chunk each, not one per column): cheaper to build and render.
  const target = sql.raw(keys.map((k) => `"${columns[k].name}"`).join(", "));
  const parts: SQL[] = [];
  let run: string[] = [];
  for (const k of keys) {
    if (!(k in computed)) {
      run.push(`x."${columns[k].name}"`);
      continue;
    }
    if (run.length) parts.push(sql.raw(run.join(", ")));
    run = [];
    parts.push(computed[k]);
  }
  if (run.length) parts.push(sql.raw(run.join(", ")));
  const select = sql.join(parts, sql.raw(", "));
  const shape = sql.raw(valueKeys.map((k) => `"${columns[k].name}" ${columns[k].getSQLType()}`).join(", "));
  const conflict = opts.onConflictDoNothing
    ? sql` on conflict (${sql.raw(opts.onConflictDoNothing.map((k) => `"${columns[k as string].name}"`).join(", "))}) do nothing`
    : sql``;
  return sql`insert into ${table} (${target}) select ${select} from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(${shape})${conflict} returning *`;
}

export async function insertRows<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
  opts: Parameters<typeof insertRowsSql<T>>[2] = {},
): Promise<T["$inferSelect"][]> {
  if (!rows.length) return [];
  const raw = await rowsOf<Record<string, unknown>>(db, insertRowsSql(table, rows, opts));
  return mapRows(table, raw);
}

/** Raw rows (column names) of a table mapped as Drizzle maps them (property names, driver values). */
export function mapRows<T extends PgTable>(table: T, raw: Record<string, unknown>[]): T["$inferSelect"][] {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  return raw.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(columns)) {
      const v = r[c.name];
      out[k] = v === null || v === undefined ? null : c.mapFromDriverValue(v);
    }
    return out as T["$inferSelect"];
  });
}
