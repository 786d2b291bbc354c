/**
 * What other modules need to name an object in their records (Law art. 10-1–10-3: a report of an act
 * against an object, a consequence plan made for an object — R16, R21): the key to reference, the
 * object when it may be named, and the objects a reader may be shown. The list of objects is restricted
 * ("ДСП"): every answer here is within the reader's scope (objects.scope.ts) — an object outside it is
 * answered as if it did not exist.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { NamedObjectRef } from "../../../domain/contracts/vulnerable-objects";
import type { Actor } from "../../../domain/roles";
import { canReadObject } from "../../../domain/vulnerable-objects";
import type { DbOrTx } from "../../platform/db";
import { type ObjectRow, objectScopeSql, subtreeOf, targetOf } from "./objects.scope";
import { vulnerableObject } from "./vulnerable-objects.tables";

/** The foreign-key target for a column naming an object (a key, not access). */
export const objectKeys = { object: () => vulnerableObject.id } as const;

/** An object as another record shows it: names, category (the catalogue's key) and place. */
export type ObjectLink = {
  id: string;
  nameKk: string;
  nameRu: string;
  category: string;
  territoryCode: string;
  territoryPath: string;
  ownerBodyId: string;
  lat: number | null;
  lon: number | null;
};

const linkOf = (o: ObjectRow): ObjectLink => ({
  id: o.id,
  nameKk: o.nameKk,
  nameRu: o.nameRu,
  category: o.category,
  territoryCode: o.territoryCode,
  territoryPath: o.territoryPath,
  ownerBodyId: o.ownerBodyId,
  lat: o.lat,
  lon: o.lon,
});

/** The object if it exists and the actor may see it; otherwise null (a record may not name it). */
export async function objectForLink(db: DbOrTx, actor: Actor, id: string): Promise<ObjectLink | null> {
  const [o] = await db.select().from(vulnerableObject).where(eq(vulnerableObject.id, id));
  return o && canReadObject(actor, targetOf(o)) ? linkOf(o) : null;
}

/** Of these objects, those the actor may see, by id (the others are left out, never hinted at). */
export async function visibleObjectLinks(
  db: DbOrTx,
  actor: Actor,
  ids: readonly (string | null)[],
): Promise<Map<string, ObjectLink>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select()
    .from(vulnerableObject)
    .where(and(inArray(vulnerableObject.id, wanted), objectScopeSql(actor)));
  return new Map(rows.map((o) => [o.id, linkOf(o)]));
}

/** Objects the actor may see in a territory's subtree, by name (at most `limit`). */
export async function objectsVisibleTo(
  db: DbOrTx,
  actor: Actor,
  territoryPath: string,
  limit = 50,
): Promise<ObjectLink[]> {
  const rows = await db
    .select()
    .from(vulnerableObject)
    .where(and(objectScopeSql(actor), subtreeOf(vulnerableObject.territoryPath, territoryPath)))
    .orderBy(asc(vulnerableObject.nameKk), asc(vulnerableObject.id))
    .limit(limit);
  return rows.map(linkOf);
}

/** The object a record names, as this reader may be shown it: null when none or not the reader's to see. */
export async function namedObjectFor(
  db: DbOrTx,
  actor: Actor,
  objectId: string | null,
): Promise<NamedObjectRef | null> {
  if (!objectId) return null;
  const o = (await visibleObjectLinks(db, actor, [objectId])).get(objectId);
  return o
    ? { id: o.id, nameKk: o.nameKk, nameRu: o.nameRu, category: o.category, territoryCode: o.territoryCode }
    : null;
}
