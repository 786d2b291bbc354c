/**
 * In-app notifications of assignments under control (R5): each to every account of the bodies
 * concerned, with e-mail queued in the same transaction where it is configured.
 */
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { NotificationKind } from "../../../domain/prevention";
import type { Role } from "../../../domain/roles";
import type { Database, DbOrTx } from "../../platform/db";
import { usersOfBodies } from "../auth";
import type { MailConfig } from "../mail";
import { isMailedKind, queueAssignmentMail } from "./assignments.mail";
import { notification } from "./prevention.tables";
export async function notifyBodies(
  tx: DbOrTx,
  bodyIds: readonly string[],
  kind: NotificationKind,
  assignmentId: string,
  data: Record<string, string>,
  roles?: readonly Role[],
  mail?: MailConfig | null,
) {
  if (!bodyIds.length) return;
  const users = await usersOfBodies(tx, bodyIds, roles);
  if (!users.length) return;
  await tx
    .insert(notification)
    .values(
      users.map((u) => ({ userId: u.id, kind, entityType: "assignment", entityId: assignmentId, data })),
    );
  if (mail && isMailedKind(kind)) {
    const to = users.flatMap((u) => (u.email ? [{ ...u, email: u.email }] : []));
    await queueAssignmentMail(tx, mail, kind, assignmentId, to);
  }
}

export async function listNotifications(database: Database, userId: string) {
  const rows = await database.db
    .select()
    .from(notification)
    .where(eq(notification.userId, userId))
    .orderBy(desc(notification.id))
    .limit(100);
  const [{ n }] = await database.db
    .select({ n: count() })
    .from(notification)
    .where(and(eq(notification.userId, userId), isNull(notification.readAt)));
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      entityType: r.entityType,
      entityId: r.entityId,
      data: r.data,
      createdAt: r.createdAt.toISOString(),
      read: r.readAt !== null,
    })),
    unread: Number(n),
  };
}

export async function markNotificationsRead(database: Database, userId: string) {
  await database.db
    .update(notification)
    .set({ readAt: new Date() })
    .where(and(eq(notification.userId, userId), isNull(notification.readAt)));
  return { ok: true as const };
}

/* ------------------------------------------------------------------------------------------- reads */

/** The policy `canReadAssignment` as SQL, so lists and counts page in the database. */
