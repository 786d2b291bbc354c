/** Small SQL/presentation helpers shared by the modules. */
import type { SQL } from "drizzle-orm";
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
