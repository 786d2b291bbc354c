/**
 * The commission's territorial list of vulnerable objects (R10.5; Law art. 10-1), approved by its
 * protocol decision (R5, a signed protocol's decision through prevention's face) and versioned: each
 * version records the objects it adds and removes, with grounds and the date.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import { canManageObjectsIn, canReadProgrammeIn } from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, notFound } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { signedDecision } from "../prevention";
import { activeBodiesAt, territoryByCode } from "../registry";
import { touchObjects } from "./cache-until-objects-change";
import { subtreeOf } from "./objects.scope";
import { objectListChange, objectListVersion, vulnerableObject } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;

export async function approveListVersion(
  database: Database,
  ctx: Ctx,
  input: {
    territoryCode: string;
    decisionId: string;
    add: string[];
    remove: { objectId: string; grounds: string }[];
    grounds: string;
  },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const t = await territoryByCode(tx, input.territoryCode);
    if (!t) throw fieldError("territoryCode", "invalid_kato");
    if (!canManageObjectsIn(actor, t.path)) throw forbidden();
    const [commission] = await activeBodiesAt(tx, t.path, t.path.includes("/") ? ["commission"] : ["atc"]);
    if (!commission) throw fieldError("territoryCode", "no_commission");
    // The decision must be this commission's, of a signed protocol (R5).
    const d = await signedDecision(tx, actor, input.decisionId);
    if (!d || d.bodyId !== commission.id) throw fieldError("decisionId", "unknown_decision");
    if (!input.add.length && !input.remove.length) throw fieldError("add", "required");
    const ids = [...input.add, ...input.remove.map((r) => r.objectId)];
    const objects = await tx
      .select()
      .from(vulnerableObject)
      .where(and(inArray(vulnerableObject.id, ids), subtreeOf(vulnerableObject.territoryPath, t.path)))
      .for("update");
    const byId = new Map(objects.map((o) => [o.id, o]));
    input.add.forEach((id, i) => {
      const o = byId.get(id);
      if (!o) throw fieldError(`add.${i}`, "unknown_object");
      if (o.listed) throw fieldError(`add.${i}`, "already_listed");
    });
    input.remove.forEach((r, i) => {
      const o = byId.get(r.objectId);
      if (!o) throw fieldError(`remove.${i}.objectId`, "unknown_object");
      if (!o.listed) throw fieldError(`remove.${i}.objectId`, "not_listed");
    });
    const [{ n }] = await tx
      .select({ n: sql<number>`coalesce(max(${objectListVersion.number}), 0) + 1`.mapWith(Number) })
      .from(objectListVersion)
      .where(eq(objectListVersion.territoryCode, t.code));
    const [v] = await tx
      .insert(objectListVersion)
      .values({
        territoryCode: t.code,
        territoryPath: t.path,
        number: n,
        decisionId: d.id,
        decisionNumber: d.number,
        grounds: input.grounds,
        approvedBy: ctx.user.id,
      })
      .returning();
    const changes = [
      ...input.add.map((objectId) => ({
        versionId: v.id,
        objectId,
        change: "added",
        grounds: input.grounds,
      })),
      ...input.remove.map((r) => ({
        versionId: v.id,
        objectId: r.objectId,
        change: "removed",
        grounds: r.grounds,
      })),
    ];
    for (let i = 0; i < changes.length; i += 1000)
      await tx.insert(objectListChange).values(changes.slice(i, i + 1000));
    if (input.add.length || input.remove.length) await touchObjects(tx);
    if (input.add.length)
      await tx.update(vulnerableObject).set({ listed: true }).where(inArray(vulnerableObject.id, input.add));
    if (input.remove.length)
      await tx
        .update(vulnerableObject)
        .set({ listed: false })
        .where(
          inArray(
            vulnerableObject.id,
            input.remove.map((r) => r.objectId),
          ),
        );
    await writeAudit(tx, ctx, {
      action: "object.list_approved",
      entityType: "object_list_version",
      entityId: v.id,
      territoryPath: t.path,
      after: {
        number: n,
        decision: d.number,
        added: input.add,
        removed: input.remove.map((r) => r.objectId),
      },
    });
    return present(v, t, input.add.length, input.remove.length);
  });
}

function present(
  v: typeof objectListVersion.$inferSelect,
  t: { code: string; nameKk: string; nameRu: string; nameEn: string },
  added: number,
  removed: number,
) {
  return {
    id: v.id,
    number: v.number,
    territory: { code: t.code, names: namesOf(t) },
    decisionId: v.decisionId,
    decisionNumber: v.decisionNumber,
    approvedAt: v.approvedAt.toISOString(),
    grounds: v.grounds,
    added,
    removed,
  };
}

/** A territory's list versions, newest first (territorial readers only; owners see their objects' history). */
export async function listVersionsOf(db: DbOrTx, actor: Actor, territoryCode: string) {
  const t = await territoryByCode(db, territoryCode);
  if (!t || !canReadProgrammeIn(actor, t.path)) throw notFound();
  const [commission] = await activeBodiesAt(db, t.path, t.path.includes("/") ? ["commission"] : ["atc"]);
  const rows = await db
    .select({
      v: objectListVersion,
      added: sql<number>`count(*) filter (where ${objectListChange.change} = 'added')`.mapWith(Number),
      removed: sql<number>`count(*) filter (where ${objectListChange.change} = 'removed')`.mapWith(Number),
    })
    .from(objectListVersion)
    .leftJoin(objectListChange, eq(objectListChange.versionId, objectListVersion.id))
    .where(eq(objectListVersion.territoryCode, t.code))
    .groupBy(objectListVersion.id)
    .orderBy(desc(objectListVersion.number));
  return {
    items: rows.map((r) => present(r.v, t, r.added, r.removed)),
    commission: commission ? { id: commission.id, names: namesOf(commission) } : null,
    canApprove: canManageObjectsIn(actor, t.path),
  };
}
