/**
 * In-app notifications for other modules' records (the same bell as assignments under control): each
 * to every account of the bodies concerned, in the caller's transaction. No e-mail here.
 */
import type { NotificationKind } from "../../../domain/prevention";
import type { Role } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { usersOfBodies } from "../auth";
import { notification } from "./prevention.tables";

/** Notify the accounts of `bodyIds` (optionally only these roles) of `kind` about an entity; returns how many. */
export async function notifyBodyUsers(
  tx: DbOrTx,
  bodyIds: readonly string[],
  kind: NotificationKind,
  entity: { type: string; id: string },
  data: Record<string, string>,
  roles?: readonly Role[],
): Promise<number> {
  if (!bodyIds.length) return 0;
  const users = await usersOfBodies(tx, [...new Set(bodyIds)], roles);
  if (!users.length) return 0;
  await tx
    .insert(notification)
    .values(users.map((u) => ({ userId: u.id, kind, entityType: entity.type, entityId: entity.id, data })));
  return users.length;
}
