/**
 * Memberships of commissions and HQs (R5, R18): which bodies sit in them, in what role, and their
 * representatives. Representatives' contacts are personal data: only `personal.read` may see them
 * and each read is audited.
 */
import { and, eq, sql } from "drizzle-orm";
import type { AddMemberBody, MembershipView } from "../../../domain/contracts/registry";
import { type Action, can } from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import {
  AppError,
  fieldError,
  forbidden,
  mapDbError,
  notFound,
  versionConflict,
} from "../../platform/errors";
import { auditAlone, writeAudit } from "../audit";
import { changed, loadBody, memberships, readableBody, requireAction, targetOf } from "./registry.service";
import { membership } from "./registry.tables";

type Ctx = Required<RequestContext>;

function membershipAudit(m: Partial<typeof membership.$inferSelect>) {
  const { contactPhone, contactEmail, createdAt: _c, updatedAt: _u, ...rest } = m;
  return {
    ...rest,
    ...(contactPhone !== undefined ? { contactPhone: contactPhone ? "[personal data]" : "" } : {}),
    ...(contactEmail !== undefined ? { contactEmail: contactEmail ? "[personal data]" : "" } : {}),
  };
}

export async function addMember(
  database: Database,
  ctx: Ctx,
  groupId: string,
  input: AddMemberBody,
): Promise<MembershipView> {
  const actor = ctx.user.actor;
  try {
    return await database.db.transaction(async (tx) => {
      const { b: g, t } = await readableBody(tx, actor, groupId);
      if (g.kind !== "commission" && g.kind !== "hq") throw new AppError(400, "not_a_group");
      requireAction(actor, "membership.manage", targetOf(g, t.path));
      const m = await loadBody(tx, input.memberBodyId);
      if (!m?.b.active || !can(actor, "registry.read", targetOf(m.b, m.t.path)) || m.b.id === g.id) {
        throw fieldError("memberBodyId", "invalid_value");
      }
      const [row] = await tx
        .insert(membership)
        .values({
          groupId,
          memberBodyId: input.memberBodyId,
          role: input.role,
          representativeName: input.representativeName ?? "",
          representativePosition: input.representativePosition ?? "",
          contactPhone: input.contactPhone ?? "",
          contactEmail: input.contactEmail ?? "",
        })
        .returning();
      await writeAudit(tx, ctx, {
        action: "membership.added",
        entityType: "membership",
        entityId: row.id,
        territoryPath: t.path,
        after: membershipAudit(row),
      });
      const [view] = await memberships(tx, eq(membership.id, row.id));
      return view;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return mapDbError(e);
  }
}

async function manageableMembership(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  action: Action = "membership.manage",
) {
  const [m] = await tx.select().from(membership).where(eq(membership.id, id));
  if (!m) throw notFound();
  const { b: g, t } = await readableBody(tx, actor, m.groupId);
  requireAction(actor, action, targetOf(g, t.path));
  return { m, path: t.path };
}

export async function updateMember(
  database: Database,
  ctx: Ctx,
  id: string,
  input: Omit<Partial<AddMemberBody>, "memberBodyId"> & { version: number },
): Promise<MembershipView> {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const { m, path } = await manageableMembership(tx, actor, id);
    const { version, ...patch } = input;
    if (m.version !== version) throw versionConflict();
    const [row] = await tx
      .update(membership)
      .set({ ...patch, version: sql`${membership.version} + 1`, updatedAt: new Date() })
      .where(and(eq(membership.id, id), eq(membership.version, version)))
      .returning();
    if (!row) throw versionConflict();
    const diff = changed(membershipAudit(m), membershipAudit(row));
    await writeAudit(tx, ctx, {
      action: "membership.updated",
      entityType: "membership",
      entityId: id,
      territoryPath: path,
      ...diff,
    });
    const [view] = await memberships(tx, eq(membership.id, id));
    return view;
  });
}

export async function removeMember(database: Database, ctx: Ctx, id: string) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const { m, path } = await manageableMembership(tx, actor, id);
    await tx.delete(membership).where(eq(membership.id, id));
    await writeAudit(tx, ctx, {
      action: "membership.removed",
      entityType: "membership",
      entityId: id,
      territoryPath: path,
      before: membershipAudit(m),
    });
  });
}

/** A representative's contacts: personal data, need-to-know (personal.read); every read — and every refused attempt — is audited. */
export async function readMemberContact(database: Database, ctx: Ctx, id: string) {
  const actor = ctx.user.actor;
  const [m] = await database.db.select().from(membership).where(eq(membership.id, id));
  if (!m) throw notFound();
  const { b: g, t } = await readableBody(database.db, actor, m.groupId);
  const entry = {
    action: "personal.read" as const,
    entityType: "membership",
    entityId: id,
    territoryPath: t.path,
    after: { fields: ["contactPhone", "contactEmail"] },
  };
  if (!can(actor, "personal.read", targetOf(g, t.path))) {
    await auditAlone(database, ctx, { ...entry, outcome: "denied" });
    throw forbidden();
  }
  return database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(membership).where(eq(membership.id, id));
    if (!current) throw notFound();
    await writeAudit(tx, ctx, entry);
    return { contactPhone: current.contactPhone, contactEmail: current.contactEmail };
  });
}
