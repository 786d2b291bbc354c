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

type InsertOpts<T extends PgTable> = {
  computed?: Partial<Record<keyof T["$inferInsert"], SQL>>;
  onConflictDoNothing?: (keyof T["$inferSelect"])[];
};

/**
 * Insert many rows in one statement with ONE parameter: the rows as a JSON array, unpacked by
 * jsonb_to_recordset (a statement as cheap to build, send and parse for 200 rows as for one; rows
 * are inserted in the array's order) — the grouped intake's and the audit log's statement.
 * `computed`: columns given by an SQL expression instead of a value. The statement returns every
 * column (`mapRows` maps them as Drizzle does); its text depends only on which columns the rows
 * give, never on their values, which are bound.
 */
export function insertRowsSql<T extends PgTable>(
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
  opts: InsertOpts<T> = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const computed = (opts.computed ?? {}) as Record<string, SQL>;
  const given = Object.keys(columns).filter(
    (k) => !(k in computed) && rows.some((r) => (r as Record<string, unknown>)[k] !== undefined),
  );
  const data = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of given) {
      const v = (r as Record<string, unknown>)[k];
      o[columns[k].name] = v === undefined ? null : v instanceof Date ? v.toISOString() : v;
    }
    return o;
  });
  return insertJsonRowsSql(table, given as (keyof T["$inferInsert"])[], JSON.stringify(data), opts);
}

/**
 * The same with the rows already as JSON text: an array of objects keyed by column name, holding
 * `given` (properties in table order; values as jsonb_to_recordset reads them — dates as ISO text).
 * For callers that have parts of the rows as JSON text already (the audit log's canonical values).
 */
export function insertJsonRowsSql<T extends PgTable>(
  table: T,
  given: readonly (keyof T["$inferInsert"])[],
  json: string,
  opts: InsertOpts<T> = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const computed = (opts.computed ?? {}) as Record<string, SQL>;
  const valueKeys = new Set(given.map(String));
  const keys = Object.keys(columns).filter((k) => k in computed || valueKeys.has(k));
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
  const shape = sql.raw(
    keys
      .filter((k) => !(k in computed))
      .map((k) => `"${columns[k].name}" ${columns[k].getSQLType()}`)
      .join(", "),
  );
  const conflict = opts.onConflictDoNothing
    ? sql` on conflict (${sql.raw(opts.onConflictDoNothing.map((k) => `"${columns[k as string].name}"`).join(", "))}) do nothing`
    : sql``;
  return sql`insert into ${table} (${target}) select ${select} from jsonb_to_recordset(${json}::jsonb) as x(${shape})${conflict} returning ${returningAll(table)}`;
}

/**
 * Every column of `table` by name, for a RETURNING or a select list: what `*` gives, spelled out for
 * a statement whose rows are mapped by `mapRows` (a column added later is simply one more).
 */
export function returningAll(table: PgTable, alias?: string): SQL {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const prefix = alias ? `${alias}.` : "";
  return sql.raw(
    Object.values(columns)
      .map((c) => `${prefix}"${c.name}"`)
      .join(", "),
  );
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
