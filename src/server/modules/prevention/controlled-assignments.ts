/**
 * Assignments under control (R5) created by other modules: an inspection's findings at a vulnerable
 * object (R10.5) become orders to the owner with a deadline, controlled by the inspecting body and owned
 * by the commission of the territory, so the control job reminds, marks them overdue and escalates them
 * to the higher commission like any decision's assignment. Read back by id for the module that made them.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { type AssignmentStatus, isOverdueOn } from "../../../domain/prevention";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { escapeLike } from "../../platform/sql";
import { notifyBodies } from "./notifications.service";
import { assignment, assignmentEvent } from "./prevention.tables";

export type ControlledAssignmentInput = {
  /** Where it comes from, shown on the assignments page; `sourceId` is the record there (an inspection). */
  source: "inspection";
  sourceId: string;
  /** Shown as the assignment's number, e.g. "ТП-3/1". */
  number: string;
  title: string;
  /** The commission (or the ATC) under whose control it runs: escalation goes to the one above it. */
  ownerBodyId: string;
  /** The owner commission's territory path. */
  territoryPath: string;
  executorBodyId: string;
  controllerBodyId: string;
  /** "YYYY-MM-DD". */
  deadline: string;
};

/** Create the assignments in the caller's transaction, each with its first history entry and notices. */
export async function createControlledAssignments(
  tx: DbOrTx,
  ctx: Required<RequestContext>,
  items: readonly ControlledAssignmentInput[],
): Promise<{ id: string; number: string }[]> {
  if (!items.length) return [];
  const made = await tx
    .insert(assignment)
    .values(
      items.map((i) => ({
        number: i.number,
        ownerBodyId: i.ownerBodyId,
        territoryPath: i.territoryPath,
        source: i.source,
        title: i.title,
        executorBodyId: i.executorBodyId,
        controllerBodyId: i.controllerBodyId,
        deadline: i.deadline,
        originalDeadline: i.deadline,
      })),
    )
    .returning();
  await tx.insert(assignmentEvent).values(
    made.map((a, n) => ({
      assignmentId: a.id,
      action: "assign",
      toStatus: "assigned",
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      data: { source: items[n].source, sourceId: items[n].sourceId },
    })),
  );
  for (const a of made)
    await notifyBodies(tx, [a.executorBodyId], "assigned", a.id, { number: a.number, deadline: a.deadline });
  return made.map((a) => ({ id: a.id, number: a.number }));
}

export type ControlledAssignmentState = {
  id: string;
  number: string;
  status: AssignmentStatus;
  deadline: string;
  overdue: boolean;
  escalated: boolean;
};

/** Where these assignments stand now (unknown ids are left out). */
export async function controlledAssignmentStates(
  db: DbOrTx,
  ids: readonly string[],
  now = new Date(),
): Promise<Map<string, ControlledAssignmentState>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({
      id: assignment.id,
      number: assignment.number,
      status: assignment.status,
      deadline: assignment.deadline,
      escalatedAt: assignment.escalatedAt,
    })
    .from(assignment)
    .where(inArray(assignment.id, unique));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        number: r.number,
        status: r.status as AssignmentStatus,
        deadline: r.deadline,
        overdue: isOverdueOn(r.status as AssignmentStatus, r.deadline, now),
        escalated: r.escalatedAt !== null,
      },
    ]),
  );
}

/**
 * Open overdue assignments of one source under a territory, counted per next-level unit below it (the
 * code of the child territory; the territory's own code for those owned at it): the compliance roll-up.
 */
export async function overdueBySourceUnder(
  db: DbOrTx,
  source: ControlledAssignmentInput["source"],
  path: string,
  today: string,
): Promise<Map<string, number>> {
  const rows = await db
    .select({
      child: sql<string>`coalesce(nullif(split_part(substr(${assignment.territoryPath}, ${path.length + 2}), '/', 1), ''), ${path.split("/").at(-1)!})`,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(assignment)
    .where(
      and(
        eq(assignment.source, source),
        inArray(assignment.status, ["assigned", "returned", "extension_requested"]),
        sql`${assignment.deadline} < ${today}::date`,
        sql`(${assignment.territoryPath} = ${path} or ${assignment.territoryPath} like ${`${escapeLike(path)}/%`})`,
      ),
    )
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [r.child, r.n]));
}
