/** Look-ups other modules make about accounts: who holds a role in a body, an account by name. */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Role } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { appUser, roleGrant } from "./auth.tables";

/** Foreign-key target for other modules' tables (`.references(authKeys.user)`): a key, not access. */
export const authKeys = { user: () => appUser.id } as const;

/** An active account that holds a role in a body, with what a notice to it needs. */
export type BodyUser = { id: string; email: string | null; locale: string; displayName: string };

/**
 * The active accounts holding a role (any but auditor, or one of `roles`) in any of these bodies,
 * each once. `email` is personal data: it leaves this module only to address mail.
 */
export async function usersOfBodies(
  db: DbOrTx,
  bodyIds: readonly string[],
  roles?: readonly Role[],
): Promise<BodyUser[]> {
  if (!bodyIds.length) return [];
  return db
    .selectDistinct({
      id: roleGrant.userId,
      email: appUser.email,
      locale: appUser.locale,
      displayName: appUser.displayName,
    })
    .from(roleGrant)
    .innerJoin(appUser, eq(appUser.id, roleGrant.userId))
    .where(
      and(
        inArray(roleGrant.bodyId, [...new Set(bodyIds)]),
        eq(appUser.active, true),
        ne(roleGrant.role, "auditor"),
        roles ? inArray(roleGrant.role, [...roles]) : undefined,
      ),
    );
}

/** The id of the account with this user name, if any. */
export async function userIdByName(db: DbOrTx, username: string): Promise<string | undefined> {
  const [u] = await db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
  return u?.id;
}
