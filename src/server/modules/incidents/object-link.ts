/**
 * A report may name the vulnerable object it concerns (Law "On counteraction to terrorism" art. 10-1–10-3:
 * the owner reports an act at once; "attack on a vulnerable object" picks it; R16). The object's registry
 * is the vulnerable-objects module's and its list is restricted ("ДСП"): a report names only an object
 * its reporter may see, lying in the report's territory or below it, and a reader of the report is shown
 * the object only when that reader may see it too (`namedObjectFor`).
 */
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { fieldError } from "../../platform/errors";
import { territoryByCode } from "../registry";
import { namedObjectFor, objectForLink, visibleObjectLinks } from "../vulnerable-objects";

export { namedObjectFor as namedObject };

/**
 * Refuses (field objectId) an object that does not exist or that the reporter may not see — told alike,
 * so nothing of the restricted list leaks — and one outside the report's territory.
 */
export async function checkObjectLink(
  db: DbOrTx,
  actor: Actor,
  input: { objectId?: string | null; territoryCode: string },
): Promise<void> {
  if (!input.objectId) return;
  const o = await objectForLink(db, actor, input.objectId);
  if (!o) throw fieldError("objectId", "unknown_object");
  const place = await territoryByCode(db, input.territoryCode);
  // An unknown place is refused by intake itself (field territoryCode).
  if (place && !isInSubtree(o.territoryPath, place.path))
    throw fieldError("objectId", "object_outside_report_territory");
}

/** Whether the reader may list reports by this object (seeing the object is required). */
export async function mayFilterByObject(db: DbOrTx, actor: Actor, objectId: string): Promise<boolean> {
  return (await visibleObjectLinks(db, actor, [objectId])).has(objectId);
}
