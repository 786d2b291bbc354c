/**
 * Who an account is, for pages that name the person behind a step (the audit log, histories,
 * operation logs): the full name and the body the person works for. Three queries for any number of
 * ids (accounts, their roles, then their bodies through the registry's face): callers batch, never one per row.
 */
import { asc, inArray } from "drizzle-orm";
import type { PersonView } from "../../../domain/contracts/people";
import type { DbOrTx } from "../../platform/db";
import { namesOf } from "../../platform/sql";
import { bodyMap } from "../registry";
import { appUser, roleGrant } from "./auth.tables";

/** A person as shown: full name and their body (the body of their first role), if any. */
export type Person = PersonView;

/** The people behind these account ids, by id; unknown ids are left out. */
export async function peopleByIds(db: DbOrTx, ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const out = new Map<string, Person>();
  if (!wanted.length) return out;
  // One after the other: inside a transaction both run on one connection, which takes one query at a time.
  const users = await db
    .select({ id: appUser.id, displayName: appUser.displayName })
    .from(appUser)
    .where(inArray(appUser.id, wanted));
  const grants = await db
    .select({ userId: roleGrant.userId, bodyId: roleGrant.bodyId, role: roleGrant.role })
    .from(roleGrant)
    .where(inArray(roleGrant.userId, wanted))
    .orderBy(asc(roleGrant.createdAt), asc(roleGrant.id));
  const bodyOf = new Map<string, string>();
  for (const g of grants) if (!bodyOf.has(g.userId)) bodyOf.set(g.userId, g.bodyId);
  const bodies = await bodyMap(db, [...new Set(bodyOf.values())]);
  for (const u of users) {
    const b = bodies.get(bodyOf.get(u.id) ?? "");
    out.set(u.id, { id: u.id, fullName: u.displayName, body: b ? { id: b.id, names: namesOf(b) } : null });
  }
  return out;
}
