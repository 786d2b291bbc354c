/**
 * Drills at a vulnerable object (Law art. 10-2: staff trained and joint response rehearsed): links to the
 * commissions' exercises and drills (R10.3), which stay prevention's and are read through its face.
 * The object answers 404 outside the reader's scope; an exercise the reader may not read is absent.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import { canLinkDrill } from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, notFound } from "../../platform/errors";
import { writeAudit } from "../audit";
import { type ExerciseRef, exercisesAround, readableExercises } from "../prevention";
import { readableObject, targetOf } from "./objects.scope";
import { objectDrill } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;

const present = (e: ExerciseRef) => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  place: e.place,
  date: e.date,
  status: e.status,
});

export async function listDrills(db: DbOrTx, actor: Actor, objectId: string) {
  const o = await readableObject(db, actor, objectId);
  const links = await db
    .select()
    .from(objectDrill)
    .where(eq(objectDrill.objectId, objectId))
    .orderBy(desc(objectDrill.createdAt));
  const byId = new Map(
    (
      await readableExercises(
        db,
        actor,
        links.map((l) => l.exerciseId),
      )
    ).map((e) => [e.id, e]),
  );
  const items = links.flatMap((l) => {
    const e = byId.get(l.exerciseId);
    return e ? [{ ...present(e), linkedAt: l.createdAt.toISOString() }] : [];
  });
  items.sort((a, b) => b.date.localeCompare(a.date));
  return { items, canLink: canLinkDrill(actor, targetOf(o)) };
}

/** Exercises that may be linked: of the object's territory, the commissions above it and below it. */
export async function drillCandidates(db: DbOrTx, actor: Actor, objectId: string, q = "") {
  const o = await readableObject(db, actor, objectId);
  if (!canLinkDrill(actor, targetOf(o))) throw forbidden();
  const linked = new Set(
    (
      await db
        .select({ id: objectDrill.exerciseId })
        .from(objectDrill)
        .where(eq(objectDrill.objectId, objectId))
    ).map((r) => r.id),
  );
  const found = await exercisesAround(db, actor, o.territoryPath, q);
  return { items: found.filter((e) => !linked.has(e.id)).map(present) };
}

export async function linkDrill(database: Database, ctx: Ctx, objectId: string, exerciseId: string) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const o = await readableObject(tx, actor, objectId, true);
    if (!canLinkDrill(actor, targetOf(o))) throw forbidden();
    const [e] = await readableExercises(tx, actor, [exerciseId]);
    if (!e) throw fieldError("exerciseId", "unknown_exercise");
    const [made] = await tx
      .insert(objectDrill)
      .values({ objectId, exerciseId })
      .onConflictDoNothing()
      .returning();
    if (!made) throw fieldError("exerciseId", "already_linked");
    await writeAudit(tx, ctx, {
      action: "object.drill_linked",
      entityType: "vulnerable_object",
      entityId: objectId,
      territoryPath: o.territoryPath,
      after: { exerciseId, date: e.date, kind: e.kind },
    });
  });
  return listDrills(database.db, actor, objectId);
}

export async function unlinkDrill(database: Database, ctx: Ctx, objectId: string, exerciseId: string) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const o = await readableObject(tx, actor, objectId, true);
    if (!canLinkDrill(actor, targetOf(o))) throw forbidden();
    const gone = await tx
      .delete(objectDrill)
      .where(and(eq(objectDrill.objectId, objectId), inArray(objectDrill.exerciseId, [exerciseId])))
      .returning();
    if (!gone.length) throw notFound();
    await writeAudit(tx, ctx, {
      action: "object.drill_unlinked",
      entityType: "vulnerable_object",
      entityId: objectId,
      territoryPath: o.territoryPath,
      before: { exerciseId },
    });
  });
  return listDrills(database.db, actor, objectId);
}
