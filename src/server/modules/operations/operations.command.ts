/**
 * Running an operation (R17–R19): command taken over by a higher HQ (R18), forces requested and
 * moved through their states, the log of kinds of action (R14), the end with its outcome and lessons,
 * the referral to investigation (R19), reports linked. Only the commanding HQ acts; every step is
 * logged, audited and heard on the live pages.
 */

import { and, eq, sql } from "drizzle-orm";
import {
  canTakeOverCommand,
  type ForceStatus,
  type LogEntryType,
  nextForceStatuses,
  type SystemLogCode,
} from "../../../domain/operations";
import { canCommandOperation, canWriteOperationLog, forceSides, hqGrants } from "../../../domain/policy";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { writeAudit } from "../audit";
import { linkToOperation } from "../incidents";
import { bodyById } from "../registry";
import { getOperation, loadReadable, OPERATION_CHANNEL, requireActive } from "./operations.service";
import { operation, operationCommand, operationForce, operationLog } from "./operations.tables";

type Ctx = Required<RequestContext>;
type OperationRow = typeof operation.$inferSelect;

async function commandable(tx: DbOrTx, ctx: Ctx, id: string, version?: number) {
  const { op, target } = await loadReadable(tx, ctx.user.actor, id);
  if (!canCommandOperation(ctx.user.actor, target)) throw forbidden();
  if (version !== undefined && op.version !== version) throw versionConflict();
  return { op, target };
}

async function bump(tx: DbOrTx, op: OperationRow, patch: Partial<typeof operation.$inferInsert>) {
  const [row] = await tx
    .update(operation)
    .set({ ...patch, version: sql`${operation.version} + 1`, updatedAt: new Date() })
    .where(and(eq(operation.id, op.id), eq(operation.version, op.version)))
    .returning();
  if (!row) throw versionConflict();
  return row;
}

async function logEntry(
  tx: DbOrTx,
  ctx: Ctx,
  opId: string,
  entryType: LogEntryType,
  text: string,
  bodyId?: string,
) {
  await tx.insert(operationLog).values({
    operationId: opId,
    entryType,
    text,
    actorId: ctx.user.id,
    actorName: ctx.user.displayName,
    bodyId,
  });
}

/** A system entry: a code and its parameters, rendered in the reader's language. */
export async function logSystem(
  tx: DbOrTx,
  ctx: Ctx,
  opId: string,
  code: SystemLogCode,
  bodyId?: string,
  params: Record<string, string> = {},
) {
  await tx.insert(operationLog).values({
    operationId: opId,
    entryType: "system",
    code,
    params,
    actorId: ctx.user.id,
    actorName: ctx.user.displayName,
    bodyId,
  });
}

/** A higher HQ takes command (district/city → region → republican; marine → republican). */
export async function takeOver(database: Database, ctx: Ctx, id: string, version: number) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const { op } = await loadReadable(tx, actor, id);
    requireActive(op);
    if (op.version !== version) throw versionConflict();
    const grant = hqGrants(actor).find((g) => canTakeOverCommand(op.commandingHqPath, g.territoryPath));
    if (!grant) throw forbidden();
    const hq = await bodyById(tx, grant.bodyId);
    if (!hq) throw forbidden();
    await bump(tx, op, { commandingHqId: hq.id, commandingHqPath: hq.territoryPath });
    await tx.insert(operationCommand).values({ operationId: id, hqBodyId: hq.id, byUser: ctx.user.id });
    await logSystem(tx, ctx, id, "command_taken_over", hq.id);
    await writeAudit(tx, ctx, {
      action: "operation.command_taken",
      entityType: "operation",
      entityId: id,
      territoryPath: hq.territoryPath,
      before: { commandingHqId: op.commandingHqId },
      after: { commandingHqId: hq.id },
    });
    await publish(tx, OPERATION_CHANNEL, { event: "command", id, commandingHqPath: hq.territoryPath });
    return getOperation(tx, actor, id);
  });
}

export async function addForce(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { bodyId: string; note: string },
) {
  return database.db.transaction(async (tx) => {
    const { op } = await commandable(tx, ctx, id);
    requireActive(op);
    const b = await bodyById(tx, input.bodyId);
    if (!b?.active || !["state_body", "response_force", "akimat"].includes(b.kind)) {
      throw fieldError("bodyId", "invalid_value");
    }
    const [f] = await tx
      .insert(operationForce)
      .values({ operationId: id, bodyId: b.id, note: input.note })
      .returning();
    await logSystem(tx, ctx, id, "forces_requested", b.id);
    await writeAudit(tx, ctx, {
      action: "operation.force_changed",
      entityType: "operation_force",
      entityId: f.id,
      territoryPath: op.commandingHqPath,
      after: { operationId: id, bodyId: b.id, status: "requested" },
    });
    await publish(tx, OPERATION_CHANNEL, { event: "forces", id, commandingHqPath: op.commandingHqPath });
    return getOperation(tx, ctx.user.actor, id);
  });
}

const FORCE_TIME: Partial<Record<ForceStatus, keyof typeof operationForce.$inferInsert>> = {
  committed: "committedAt",
  en_route: "enRouteAt",
  on_site: "onSiteAt",
  released: "releasedAt",
};

/**
 * What a force commits to, carried only by the move to committed: who and how many will come, and the
 * expected arrival. Shared with the consequences' resource requests (the same states).
 */
export function commitmentOf(input: { status: ForceStatus; commitNote: string; eta: string | null }) {
  if (input.status !== "committed") {
    if (input.commitNote) throw fieldError("commitNote", "invalid_value");
    if (input.eta) throw fieldError("eta", "invalid_value");
    return undefined;
  }
  return { commitNote: input.commitNote, eta: input.eta ? new Date(input.eta) : null };
}

export async function updateForce(
  database: Database,
  ctx: Ctx,
  forceId: string,
  input: { status: ForceStatus; version: number; commitNote: string; eta: string | null },
) {
  return database.db.transaction(async (tx) => {
    const [f] = await tx.select().from(operationForce).where(eq(operationForce.id, forceId));
    if (!f) throw notFound();
    const { op, target } = await loadReadable(tx, ctx.user.actor, f.operationId);
    requireActive(op);
    const sides = forceSides(ctx.user.actor, f.bodyId, canCommandOperation(ctx.user.actor, target));
    if (!sides.length) throw forbidden();
    const from = f.status as ForceStatus;
    if (!nextForceStatuses(from).includes(input.status)) {
      throw new AppError(409, "invalid_transition", { from: f.status, action: input.status });
    }
    // Only the force commits itself (who and how many come); the HQ does not commit for it.
    if (!nextForceStatuses(from, sides).includes(input.status)) throw forbidden();
    const timeField = FORCE_TIME[input.status];
    const commitment = commitmentOf(input);
    const [row] = await tx
      .update(operationForce)
      .set({
        status: input.status,
        ...(timeField ? { [timeField]: new Date() } : {}),
        ...commitment,
        version: sql`${operationForce.version} + 1`,
      })
      .where(and(eq(operationForce.id, forceId), eq(operationForce.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await logSystem(tx, ctx, op.id, "forces_status", f.bodyId, { status: input.status });
    await writeAudit(tx, ctx, {
      action: "operation.force_changed",
      entityType: "operation_force",
      entityId: forceId,
      territoryPath: op.commandingHqPath,
      before: { status: f.status },
      after: {
        status: input.status,
        ...(commitment ? { commitNote: commitment.commitNote, eta: input.eta } : {}),
      },
    });
    await publish(tx, OPERATION_CHANNEL, {
      event: "forces",
      id: op.id,
      commandingHqPath: op.commandingHqPath,
    });
    return getOperation(tx, ctx.user.actor, op.id);
  });
}

export async function addLogEntry(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { entryType: LogEntryType; text: string },
) {
  return database.db.transaction(async (tx) => {
    const { op, target } = await loadReadable(tx, ctx.user.actor, id);
    requireActive(op);
    if (!canWriteOperationLog(ctx.user.actor, target)) throw forbidden();
    await logEntry(tx, ctx, id, input.entryType, input.text);
    await writeAudit(tx, ctx, {
      action: "operation.logged",
      entityType: "operation",
      entityId: id,
      territoryPath: op.commandingHqPath,
      after: { entryType: input.entryType },
    });
    await publish(tx, OPERATION_CHANNEL, { event: "log", id, commandingHqPath: op.commandingHqPath });
    return getOperation(tx, ctx.user.actor, id);
  });
}

/** The regime is lifted: the operation ends with its outcome and lessons; forces still out are released. */
export async function endOperation(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { version: number; outcome: string; lessons: string },
) {
  return database.db.transaction(async (tx) => {
    const { op } = await commandable(tx, ctx, id, input.version);
    requireActive(op);
    const now = new Date();
    await bump(tx, op, { status: "ended", endedAt: now, outcome: input.outcome, lessons: input.lessons });
    await tx
      .update(operationForce)
      .set({ status: "released", releasedAt: now, version: sql`${operationForce.version} + 1` })
      .where(and(eq(operationForce.operationId, id), sql`${operationForce.status} <> 'released'`));
    await logSystem(tx, ctx, id, "ended");
    await writeAudit(tx, ctx, {
      action: "operation.ended",
      entityType: "operation",
      entityId: id,
      territoryPath: op.commandingHqPath,
      after: { endedAt: now.toISOString(), outcome: input.outcome, lessons: input.lessons },
    });
    await publish(tx, OPERATION_CHANNEL, { event: "ended", id, commandingHqPath: op.commandingHqPath });
    return getOperation(tx, ctx.user.actor, id);
  });
}

/** Referral to investigation (R19): which body, case number, date — nothing more. */
export async function referOperation(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { version: number; investigatingBody: string; caseNumber: string; date: string },
) {
  return database.db.transaction(async (tx) => {
    const { op } = await commandable(tx, ctx, id, input.version);
    await bump(tx, op, {
      investigatingBody: input.investigatingBody,
      caseNumber: input.caseNumber,
      referralDate: input.date,
    });
    await writeAudit(tx, ctx, {
      action: "operation.referred",
      entityType: "operation",
      entityId: id,
      territoryPath: op.commandingHqPath,
      after: { investigatingBody: input.investigatingBody, caseNumber: input.caseNumber, date: input.date },
    });
    return getOperation(tx, ctx.user.actor, id);
  });
}

/** Link a report to an operation its HQ commands (triage action "link", R17). */
export async function linkIncident(database: Database, ctx: Ctx, id: string, incidentId: string) {
  return database.db.transaction(async (tx) => {
    const { op } = await commandable(tx, ctx, id);
    requireActive(op);
    await linkToOperation(tx, ctx, id, [incidentId]);
    return getOperation(tx, ctx.user.actor, id);
  });
}
