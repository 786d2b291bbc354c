/**
 * Target programmes (R10.5): a commission's programme by year with its budget, the objects it equips
 * and with what, planned against spent and done per object; rolled up by territory in compliance.
 */
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import {
  canManageProgrammeIn,
  canReadProgrammeIn,
  type EquipmentKind,
} from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, notFound } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { signedDecision } from "../prevention";
import { activeBodiesAt, bodyMap, territoriesByCodes, territoryByCode } from "../registry";
import { subtreeOf } from "./objects.scope";
import { objectProgramme, objectProgrammeItem, vulnerableObject } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;
type Row = typeof objectProgramme.$inferSelect;

async function summaries(db: DbOrTx, actor: Actor, rows: Row[]) {
  const owners = await bodyMap(
    db,
    rows.map((r) => r.ownerBodyId),
  );
  const ts = new Map(
    (
      await territoriesByCodes(
        db,
        rows.map((r) => r.territoryCode),
      )
    ).map((t) => [t.code, t]),
  );
  const totals = new Map<string, { planned: number; spent: number }>();
  if (rows.length) {
    const sums = await db
      .select({
        id: objectProgrammeItem.programmeId,
        planned: sql<number>`coalesce(sum(${objectProgrammeItem.planned}), 0)`.mapWith(Number),
        spent: sql<number>`coalesce(sum(${objectProgrammeItem.spent}), 0)`.mapWith(Number),
      })
      .from(objectProgrammeItem)
      .where(
        sql`${objectProgrammeItem.programmeId} in (${sql.join(
          rows.map((r) => sql`${r.id}`),
          sql`, `,
        )})`,
      )
      .groupBy(objectProgrammeItem.programmeId);
    for (const s of sums) totals.set(s.id, s);
  }
  const none = { kk: "", ru: "", en: "" };
  return rows.map((r) => {
    const o = owners.get(r.ownerBodyId);
    const t = ts.get(r.territoryCode);
    return {
      id: r.id,
      owner: { id: r.ownerBodyId, names: o ? namesOf(o) : none },
      territory: { code: r.territoryCode, names: t ? namesOf(t) : none },
      year: r.year,
      title: r.title,
      budget: r.budget,
      decisionNumber: r.decisionNumber,
      planned: totals.get(r.id)?.planned ?? 0,
      spent: totals.get(r.id)?.spent ?? 0,
      canManage: canManageProgrammeIn(actor, r.territoryPath),
    };
  });
}

export async function createProgramme(
  database: Database,
  ctx: Ctx,
  input: { territoryCode: string; year: number; title: string; budget: number; decisionId: string | null },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const t = await territoryByCode(tx, input.territoryCode);
    if (!t) throw fieldError("territoryCode", "invalid_kato");
    if (!canManageProgrammeIn(actor, t.path)) throw forbidden();
    const [owner] = await activeBodiesAt(tx, t.path, t.path.includes("/") ? ["commission"] : ["atc"]);
    if (!owner) throw fieldError("territoryCode", "no_commission");
    let decisionNumber: string | null = null;
    if (input.decisionId) {
      const d = await signedDecision(tx, actor, input.decisionId);
      if (!d || d.bodyId !== owner.id) throw fieldError("decisionId", "unknown_decision");
      decisionNumber = d.number;
    }
    const [row] = await tx
      .insert(objectProgramme)
      .values({
        ownerBodyId: owner.id,
        territoryCode: t.code,
        territoryPath: t.path,
        year: input.year,
        title: input.title,
        budget: input.budget,
        decisionId: input.decisionId,
        decisionNumber,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "object.programme_created",
      entityType: "object_programme",
      entityId: row.id,
      territoryPath: t.path,
      after: { year: row.year, title: row.title, budget: row.budget },
    });
    return getProgramme(tx, actor, row.id);
  });
}

export async function listProgrammes(db: DbOrTx, actor: Actor, q: { territory?: string; year?: number }) {
  const paths = actor.grants
    .filter((g) => canReadProgrammeIn(actor, g.territoryPath))
    .map((g) => g.territoryPath);
  const canCreate = actor.grants.some((g) => canManageProgrammeIn(actor, g.territoryPath));
  if (!paths.length) return { items: [], canCreate };
  const conds: SQL[] = [
    sql`(${sql.join(
      paths.map((p) => subtreeOf(objectProgramme.territoryPath as never, p)),
      sql` or `,
    )})`,
  ];
  if (q.territory) {
    const t = await territoryByCode(db, q.territory);
    if (!t) return { items: [], canCreate };
    conds.push(subtreeOf(objectProgramme.territoryPath as never, t.path));
  }
  if (q.year) conds.push(eq(objectProgramme.year, q.year));
  const rows = await db
    .select()
    .from(objectProgramme)
    .where(and(...conds))
    .orderBy(desc(objectProgramme.year), asc(objectProgramme.territoryPath))
    .limit(500);
  return { items: await summaries(db, actor, rows), canCreate };
}

export async function getProgramme(db: DbOrTx, actor: Actor, id: string) {
  const [p] = await db.select().from(objectProgramme).where(eq(objectProgramme.id, id));
  if (!p || !canReadProgrammeIn(actor, p.territoryPath)) throw notFound();
  const [summary] = await summaries(db, actor, [p]);
  const items = await db
    .select({ i: objectProgrammeItem, nameKk: vulnerableObject.nameKk, nameRu: vulnerableObject.nameRu })
    .from(objectProgrammeItem)
    .innerJoin(vulnerableObject, eq(vulnerableObject.id, objectProgrammeItem.objectId))
    .where(eq(objectProgrammeItem.programmeId, id))
    .orderBy(asc(vulnerableObject.nameKk));
  return {
    ...summary,
    items: items.map(({ i, nameKk, nameRu }) => ({
      id: i.id,
      object: { id: i.objectId, nameKk, nameRu },
      equipment: i.equipment as EquipmentKind,
      planned: i.planned,
      spent: i.spent,
      done: i.done,
    })),
  };
}

async function managed(tx: DbOrTx, actor: Actor, id: string) {
  const [p] = await tx.select().from(objectProgramme).where(eq(objectProgramme.id, id));
  if (!p || !canReadProgrammeIn(actor, p.territoryPath)) throw notFound();
  if (!canManageProgrammeIn(actor, p.territoryPath)) throw forbidden();
  return p;
}

export async function addProgrammeItem(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { objectId: string; equipment: EquipmentKind; planned: number },
) {
  return database.db.transaction(async (tx) => {
    const p = await managed(tx, ctx.user.actor, id);
    const [o] = await tx
      .select()
      .from(vulnerableObject)
      .where(
        and(
          eq(vulnerableObject.id, input.objectId),
          subtreeOf(vulnerableObject.territoryPath, p.territoryPath),
        ),
      );
    if (!o) throw fieldError("objectId", "unknown_object");
    const [item] = await tx
      .insert(objectProgrammeItem)
      .values({
        programmeId: id,
        objectId: o.id,
        territoryPath: o.territoryPath,
        equipment: input.equipment,
        planned: input.planned,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: "object.programme_item",
      entityType: "object_programme",
      entityId: id,
      territoryPath: p.territoryPath,
      after: { item: item.id, objectId: o.id, equipment: input.equipment, planned: input.planned },
    });
    return getProgramme(tx, ctx.user.actor, id);
  });
}

export async function updateProgrammeItem(
  database: Database,
  ctx: Ctx,
  id: string,
  itemId: string,
  input: { spent: number; done: boolean },
) {
  return database.db.transaction(async (tx) => {
    const p = await managed(tx, ctx.user.actor, id);
    const [item] = await tx
      .update(objectProgrammeItem)
      .set({ spent: input.spent, done: input.done, doneAt: input.done ? new Date() : null })
      .where(and(eq(objectProgrammeItem.id, itemId), eq(objectProgrammeItem.programmeId, id)))
      .returning();
    if (!item) throw notFound();
    await writeAudit(tx, ctx, {
      action: "object.programme_item",
      entityType: "object_programme",
      entityId: id,
      territoryPath: p.territoryPath,
      after: { item: itemId, spent: input.spent, done: input.done },
    });
    return getProgramme(tx, ctx.user.actor, id);
  });
}
