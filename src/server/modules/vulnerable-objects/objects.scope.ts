/**
 * Who sees which object, as SQL and as a check on one row (src/domain/vulnerable-objects.ts policy):
 * owners their own objects, commissions, police and HQs their territory subtree. An object outside the
 * actor's scope answers 404 as if it did not exist.
 */
import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import { ROOT_TERRITORY } from "../../../domain/territory";
import { canReadObject, type ObjectTarget, objectReadScope } from "../../../domain/vulnerable-objects";
import type { DbOrTx } from "../../platform/db";
import { notFound } from "../../platform/errors";
import { escapeLike } from "../../platform/sql";
import { vulnerableObject } from "./vulnerable-objects.tables";

export type ObjectRow = typeof vulnerableObject.$inferSelect;

export const subtreeOf = (column: SQL | typeof vulnerableObject.territoryPath, path: string) =>
  sql`(${column} = ${path} or ${column} like ${`${escapeLike(path)}/%`})`;

export function objectScopeSql(actor: Actor): SQL {
  const { ownerBodyIds, paths } = objectReadScope(actor);
  // A reader of the whole country (the ATC, an administrator) sees every object: no condition per row.
  if (paths.includes(ROOT_TERRITORY)) return sql`true`;
  const parts: SQL[] = paths.map((p) => subtreeOf(vulnerableObject.territoryPath, p));
  if (ownerBodyIds.length) parts.push(inArray(vulnerableObject.ownerBodyId, ownerBodyIds));
  return parts.length ? or(...parts)! : sql`false`;
}

export const targetOf = (o: ObjectRow): ObjectTarget => ({
  territoryPath: o.territoryPath,
  ownerBodyId: o.ownerBodyId,
  policeBodyId: o.policeBodyId,
});

/** The object if the actor may see it, else 404. `forUpdate` locks the row for the transaction. */
export async function readableObject(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  const q = db.select().from(vulnerableObject).where(eq(vulnerableObject.id, id));
  const [o] = forUpdate ? await q.for("update") : await q;
  if (!o || !canReadObject(actor, targetOf(o))) throw notFound();
  return o;
}
