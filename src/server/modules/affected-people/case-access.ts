/**
 * Who may handle the persons of a case (Law No. 94-V; domain `canHandlePersons`): the personal-data
 * role over its territory, or a per-case access grant in force. Grants are given and revoked by the
 * case's operational HQ or commission (`canGrantCaseAccess`), each audited. Anyone else: 404.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import {
  type CaseAccess,
  canGrantCaseAccess,
  canHandlePersons,
  type PersonCase,
} from "../../../domain/affected-people";
import type { accessView } from "../../../domain/contracts/affected-people";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, notFound } from "../../platform/errors";
import { writeAudit } from "../audit";
import { type Person, peopleByIds, userIdByName, usersOfBodies } from "../auth";
import { type IncidentCase, incidentCase } from "../incidents";
import { affectedPersonAccess } from "./affected-people.tables";

type Ctx = Required<RequestContext>;
type AccessView = import("zod").infer<typeof accessView>;

export const personCaseOf = (inc: IncidentCase, activationId: string | null = null): PersonCase => ({
  incidentId: inc.id,
  activationId,
  territoryPath: inc.territoryPath,
  hqTerritoryPath: inc.hqTerritoryPath,
});

/** The actor's per-case grants in force now (a handful: read whole). */
export async function accessOf(db: DbOrTx, userId: string, now = Date.now()): Promise<CaseAccess[]> {
  const rows = await db
    .select({
      incidentId: affectedPersonAccess.incidentId,
      activationId: affectedPersonAccess.activationId,
      until: affectedPersonAccess.until,
    })
    .from(affectedPersonAccess)
    .where(
      and(
        eq(affectedPersonAccess.userId, userId),
        isNull(affectedPersonAccess.revokedAt),
        gt(affectedPersonAccess.until, new Date(now)),
      ),
    );
  return rows.map((r) => ({
    incidentId: r.incidentId,
    activationId: r.activationId,
    until: r.until.getTime(),
  }));
}

/** A case (incident) the actor may read counts of or handle; unknown: 404. */
export async function caseOrNotFound(db: DbOrTx, incidentId: string): Promise<IncidentCase> {
  const inc = await incidentCase(db, incidentId);
  if (!inc) throw notFound();
  return inc;
}

/**
 * The case and the actor's grants when the actor may handle its persons (for the whole incident, or for
 * `activationId` within it); otherwise 404 — the same answer as for a case that does not exist.
 */
export async function requireHandler(
  db: DbOrTx,
  actor: Actor,
  incidentId: string,
  activationId?: string | null,
) {
  const inc = await incidentCase(db, incidentId);
  if (!inc) throw notFound();
  const access = await accessOf(db, actor.userId);
  if (!canHandlePersons(actor, personCaseOf(inc, activationId ?? null), access, Date.now())) throw notFound();
  return { inc, access };
}

/**
 * The case's persons the actor may see: with the role or an incident grant, all of them; with a grant
 * for an activation only, those recorded under it (`allows`). No grant at all for the case: 404.
 */
export async function requireCaseReader(db: DbOrTx, actor: Actor, incidentId: string) {
  const inc = await incidentCase(db, incidentId);
  if (!inc) throw notFound();
  const access = await accessOf(db, actor.userId);
  const now = Date.now();
  const whole = canHandlePersons(actor, personCaseOf(inc), access, now);
  if (!whole && !access.some((a) => a.incidentId === incidentId && a.activationId !== null)) throw notFound();
  const allows = (r: { activationId: string | null }) =>
    whole || canHandlePersons(actor, personCaseOf(inc, r.activationId), access, now);
  return { inc, access, whole, allows };
}

type AccessRow = typeof affectedPersonAccess.$inferSelect;

const viewOf = (r: AccessRow, people: Map<string, Person>): AccessView => ({
  id: r.id,
  userId: r.userId,
  userName: r.userName,
  incidentId: r.incidentId,
  activationId: r.activationId,
  until: r.until.toISOString(),
  grantedByName: r.grantedByName,
  grantedBy: people.get(r.grantedBy) ?? null,
  grantedAt: r.grantedAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** The grants as shown, the granters named (full name and body) in one batched read. */
async function viewsOf(db: DbOrTx, rows: readonly AccessRow[]): Promise<AccessView[]> {
  const people = await peopleByIds(
    db,
    rows.map((r) => r.grantedBy),
  );
  return rows.map((r) => viewOf(r, people));
}

async function requireGranter(db: DbOrTx, actor: Actor, incidentId: string) {
  const inc = await incidentCase(db, incidentId);
  if (!inc || !canGrantCaseAccess(actor, personCaseOf(inc))) throw notFound();
  return inc;
}

export async function listCaseAccess(db: DbOrTx, actor: Actor, incidentId: string) {
  await requireGranter(db, actor, incidentId);
  const rows = await db
    .select()
    .from(affectedPersonAccess)
    .where(eq(affectedPersonAccess.incidentId, incidentId))
    .orderBy(desc(affectedPersonAccess.grantedAt));
  return { items: await viewsOf(db, rows) };
}

/**
 * The accounts of a body (any role but the auditor's) the granter may give access to: ids and display
 * names only, the granter excepted. Whoever may not grant for the case: 404.
 */
export async function granteesOf(db: DbOrTx, actor: Actor, incidentId: string, bodyId: string) {
  await requireGranter(db, actor, incidentId);
  const users = await usersOfBodies(db, [bodyId]);
  return {
    items: users
      .filter((u) => u.id !== actor.userId)
      .map((u) => ({ id: u.id, displayName: u.displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, "ru")),
  };
}

/** The grantee: by user name, or an account picked from a body (it must hold a role there). */
async function granteeOf(
  tx: DbOrTx,
  input: { username?: string; userId?: string; bodyId?: string },
): Promise<{ userId: string; userName: string; field: string }> {
  if (input.userId) {
    if (!input.bodyId) throw fieldError("bodyId", "required");
    const u = (await usersOfBodies(tx, [input.bodyId])).find((x) => x.id === input.userId);
    if (!u) throw fieldError("userId", "not_of_body");
    return { userId: u.id, userName: u.displayName, field: "userId" };
  }
  if (!input.username) throw fieldError("username", "required");
  const userId = await userIdByName(tx, input.username);
  if (!userId) throw fieldError("username", "unknown_user");
  return { userId, userName: input.username, field: "username" };
}

export async function grantCaseAccess(
  database: Database,
  ctx: Ctx,
  incidentId: string,
  input: { username?: string; userId?: string; bodyId?: string; until: string; activationId?: string },
): Promise<AccessView> {
  const until = new Date(input.until);
  if (until.getTime() <= Date.now()) throw fieldError("until", "end_not_after_start");
  return database.db.transaction(async (tx) => {
    const inc = await requireGranter(tx, ctx.user.actor, incidentId);
    const { userId, userName, field } = await granteeOf(tx, input);
    // Granting gives the granter nothing: access for oneself is for someone else to give.
    if (userId === ctx.user.id) throw fieldError(field, "access_self_grant");
    const [row] = await tx
      .insert(affectedPersonAccess)
      .values({
        userId,
        userName,
        incidentId,
        activationId: input.activationId ?? null,
        until,
        grantedBy: ctx.user.id,
        grantedByName: ctx.user.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "affected_person.access_granted",
      entityType: "affected_person_access",
      entityId: row.id,
      territoryPath: inc.territoryPath,
      after: {
        userId,
        incidentId,
        activationId: row.activationId,
        ...(input.bodyId ? { bodyId: input.bodyId } : {}),
        until: until.toISOString(),
      },
    });
    return (await viewsOf(tx, [row]))[0];
  });
}

export async function revokeCaseAccess(database: Database, ctx: Ctx, id: string): Promise<AccessView> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(affectedPersonAccess).where(eq(affectedPersonAccess.id, id));
    if (!row?.incidentId) throw notFound();
    const inc = await requireGranter(tx, ctx.user.actor, row.incidentId);
    if (row.revokedAt) return (await viewsOf(tx, [row]))[0];
    const [updated] = await tx
      .update(affectedPersonAccess)
      .set({ revokedAt: new Date(), revokedBy: ctx.user.id })
      .where(eq(affectedPersonAccess.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: "affected_person.access_revoked",
      entityType: "affected_person_access",
      entityId: id,
      territoryPath: inc.territoryPath,
      before: { userId: row.userId, until: row.until.toISOString() },
    });
    return (await viewsOf(tx, [updated]))[0];
  });
}

/** Incidents and activations the actor has per-case access to (ids only). */
export const grantedIncidentIds = (access: readonly CaseAccess[]) => [
  ...new Set(access.map((a) => a.incidentId).filter((x): x is string => x !== null)),
];
