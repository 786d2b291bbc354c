/**
 * Inspections of vulnerable objects (planned or not; by the police, the KNB or the commission). Each
 * finding becomes an order to the owner with a deadline, under control through prevention's assignments
 * (R5: reminders, overdue, escalation to the higher commission) — created through its face, not copied.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import { canInspect, type InspectorKind } from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { controlledAssignmentStates, createControlledAssignments } from "../prevention";
import { bodyMap } from "../registry";
import { readableObject, targetOf } from "./objects.scope";
import { commissionFor } from "./objects.service";
import { type InspectionFinding, objectInspection } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;
type Row = typeof objectInspection.$inferSelect;

async function views(db: DbOrTx, rows: Row[]) {
  const bodies = await bodyMap(db, [...new Set(rows.map((r) => r.inspectorBodyId))]);
  const states = await controlledAssignmentStates(
    db,
    rows.flatMap((r) => r.findings.flatMap((f) => (f.assignmentId ? [f.assignmentId] : []))),
  );
  return rows.map((r) => {
    const b = bodies.get(r.inspectorBodyId);
    return {
      id: r.id,
      objectId: r.objectId,
      kind: r.kind as "planned" | "unplanned",
      inspectorKind: r.inspectorKind as InspectorKind,
      inspector: { id: r.inspectorBodyId, names: b ? namesOf(b) : { kk: "", ru: "", en: "" } },
      date: r.date,
      summary: r.summary,
      findings: r.findings.map((f) => {
        const s = f.assignmentId ? states.get(f.assignmentId) : undefined;
        return {
          text: f.text,
          deadline: s?.deadline ?? f.deadline,
          assignmentId: f.assignmentId,
          number: s?.number ?? null,
          status: s?.status ?? null,
          overdue: s?.overdue ?? false,
        };
      }),
      createdAt: r.createdAt.toISOString(),
    };
  });
}

export async function recordInspection(
  database: Database,
  ctx: Ctx,
  objectId: string,
  input: {
    kind: "planned" | "unplanned";
    inspectorKind: InspectorKind;
    date: string;
    summary: string;
    findings: { text: string; deadline: string }[];
  },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const o = await readableObject(tx, actor, objectId);
    const t = targetOf(o);
    if (!canInspect(actor, t)) throw forbidden();
    // The inspecting body: the police unit named for the object, else the actor's body in the territory.
    const grant =
      actor.grants.find((g) => g.bodyId === o.policeBodyId) ??
      actor.grants.find(
        (g) =>
          ["administrator", "atc_coordinator", "commission_secretary", "commission_member"].includes(
            g.role,
          ) && isInSubtree(o.territoryPath, g.territoryPath),
      );
    if (!grant) throw forbidden();
    input.findings.forEach((f, i) => {
      if (f.deadline < input.date) throw fieldError(`findings.${i}.deadline`, "deadline_not_later");
    });
    const commission = await commissionFor(tx, o.territoryPath);
    if (!commission) throw fieldError("objectId", "no_commission");
    const [row] = await tx
      .insert(objectInspection)
      .values({
        objectId,
        territoryPath: o.territoryPath,
        kind: input.kind,
        inspectorKind: input.inspectorKind,
        inspectorBodyId: grant.bodyId,
        date: input.date,
        summary: input.summary,
        createdBy: ctx.user.id,
      })
      .returning();
    const [{ seq }] = await tx
      .select({ seq: sql<number>`count(*)`.mapWith(Number) })
      .from(objectInspection)
      .where(eq(objectInspection.inspectorBodyId, grant.bodyId));
    const made = await createControlledAssignments(
      tx,
      ctx,
      input.findings.map((f, i) => ({
        source: "inspection" as const,
        sourceId: row.id,
        number: `ТП-${seq}/${i + 1}`,
        title: `${o.nameKk}: ${f.text}`,
        ownerBodyId: commission.id,
        territoryPath: commission.territoryPath,
        executorBodyId: o.ownerBodyId,
        controllerBodyId: grant.bodyId,
        deadline: f.deadline,
      })),
    );
    const findings: InspectionFinding[] = input.findings.map((f, i) => ({
      ...f,
      assignmentId: made[i]?.id ?? null,
    }));
    const [saved] = await tx
      .update(objectInspection)
      .set({ findings })
      .where(eq(objectInspection.id, row.id))
      .returning();
    await writeAudit(tx, ctx, {
      action: "object.inspected",
      entityType: "object_inspection",
      entityId: row.id,
      territoryPath: o.territoryPath,
      after: {
        objectId,
        kind: input.kind,
        inspectorKind: input.inspectorKind,
        orders: made.map((m) => m.id),
      },
    });
    return (await views(tx, [saved]))[0];
  });
}

export async function listInspections(db: DbOrTx, actor: Actor, objectId: string) {
  await readableObject(db, actor, objectId);
  const rows = await db
    .select()
    .from(objectInspection)
    .where(eq(objectInspection.objectId, objectId))
    .orderBy(desc(objectInspection.date), desc(objectInspection.createdAt));
  return { items: await views(db, rows) };
}
