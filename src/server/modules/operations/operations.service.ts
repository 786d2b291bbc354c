/**
 * Counter-terrorist operations (R17–R19): declared by an operational HQ from reports or on its own,
 * commanded by one HQ at a time (take-over by a higher one is recorded), forces assigned with their
 * status and times, a log of kinds of action (R14), ended with a summary, referred to investigation.
 */

import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type {
  DeclareOperationBody,
  OperationDetail,
  OperationSummary,
} from "../../../domain/contracts/operations";
import { transition } from "../../../domain/incidents";
import {
  canTakeOverCommand,
  type ForceStatus,
  type LogEntryType,
  nextForceStatuses,
  type OperationGoal,
  type OperationStatus,
} from "../../../domain/operations";
import {
  canCommandOperation,
  canReadOperation,
  canTriageIncident,
  canUpdateForce,
  canWriteOperationLog,
  hqGrants,
  type OperationTarget,
} from "../../../domain/policy";
import { almatyYear } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit/audit.service";
import { INCIDENT_CHANNEL } from "../incidents/incidents.service";
import { incident, incidentEvent } from "../incidents/incidents.tables";
import { body, territory } from "../registry/registry.tables";
import { operation, operationCommand, operationForce, operationLog } from "./operations.tables";

type Ctx = Required<RequestContext>;
type OperationRow = typeof operation.$inferSelect;

export const OPERATION_CHANNEL = "operation";

async function targetOf(db: DbOrTx, op: OperationRow): Promise<OperationTarget> {
  const [chain, forces] = await Promise.all([
    db
      .select({ hq: operationCommand.hqBodyId })
      .from(operationCommand)
      .where(eq(operationCommand.operationId, op.id)),
    db
      .select({ bodyId: operationForce.bodyId })
      .from(operationForce)
      .where(eq(operationForce.operationId, op.id)),
  ]);
  return {
    commandingHqId: op.commandingHqId,
    commandingHqPath: op.commandingHqPath,
    formerHqIds: chain.map((c) => c.hq).filter((h) => h !== op.commandingHqId),
    forceBodyIds: forces.map((f) => f.bodyId),
  };
}

async function loadReadable(db: DbOrTx, actor: Actor, id: string) {
  const [op] = await db.select().from(operation).where(eq(operation.id, id));
  if (!op) throw notFound();
  const target = await targetOf(db, op);
  if (!canReadOperation(actor, target)) throw notFound();
  return { op, target };
}

function requireActive(op: OperationRow) {
  if (op.status !== "active")
    throw new AppError(409, "invalid_transition", { from: op.status, action: "change" });
}

/** "ОП-2026-0007": the year of the regime's start and a per-year count. */
async function nextNumber(tx: DbOrTx, at: Date): Promise<string> {
  const year = almatyYear(at);
  const [{ n }] = await tx
    .select({ n: count() })
    .from(operation)
    .where(sql`${operation.number} like ${`${year}-%`}`);
  return `${year}-${String(Number(n) + 1).padStart(4, "0")}`;
}

async function linkIncidents(tx: DbOrTx, ctx: Ctx, opId: string, incidentIds: string[]) {
  const actor = ctx.user.actor;
  for (const id of incidentIds) {
    const [row] = await tx.select().from(incident).where(eq(incident.id, id));
    const target = row && {
      territoryPath: row.territoryPath,
      hqTerritoryPath: row.hqTerritoryPath,
      reporterBodyId: row.reporterBodyId,
    };
    if (!row || !canTriageIncident(actor, target)) {
      throw new AppError(400, "validation", {}, [{ path: "incidentIds", code: "invalid_value" }]);
    }
    const to = transition(row.status as never, "link");
    if (!to) throw new AppError(409, "invalid_transition", { from: row.status, action: "link" });
    const [updated] = await tx
      .update(incident)
      .set({ status: to, operationId: opId, version: sql`${incident.version} + 1`, updatedAt: new Date() })
      .where(eq(incident.id, id))
      .returning();
    await tx.insert(incidentEvent).values({
      incidentId: id,
      action: "link",
      fromStatus: row.status,
      toStatus: to,
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      data: { operationId: opId },
    });
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      before: { status: row.status },
      after: { status: to, operationId: opId },
    });
    await publish(tx, INCIDENT_CHANNEL, {
      event: "triaged",
      id,
      regNumber: updated.regNumber,
      type: updated.type,
      status: to,
      territoryPath: updated.territoryPath,
      hqTerritoryPath: updated.hqTerritoryPath,
      reporterBodyId: updated.reporterBodyId,
      hqBodyId: updated.hqBodyId,
      at: new Date().toISOString(),
    });
  }
}

export async function declareOperation(
  database: Database,
  ctx: Ctx,
  input: DeclareOperationBody,
): Promise<OperationDetail> {
  const actor = ctx.user.actor;
  const grants = hqGrants(actor);
  const grant = input.hqBodyId ? grants.find((g) => g.bodyId === input.hqBodyId) : grants[0];
  if (!grant) throw forbidden();
  return database.db.transaction(async (tx) => {
    const [hq] = await tx
      .select()
      .from(body)
      .where(and(eq(body.id, grant.bodyId), eq(body.kind, "hq")));
    if (!hq) throw forbidden();
    const zone = await tx
      .select({ code: territory.code })
      .from(territory)
      .where(inArray(territory.code, input.zoneTerritories));
    if (zone.length !== new Set(input.zoneTerritories).size) {
      throw new AppError(400, "validation", {}, [{ path: "zoneTerritories", code: "invalid_kato" }]);
    }
    const started = input.regimeStartedAt ? new Date(input.regimeStartedAt) : new Date();
    const [op] = await tx
      .insert(operation)
      .values({
        number: await nextNumber(tx, started),
        title: input.title,
        goals: input.goals,
        zoneTerritories: input.zoneTerritories,
        zoneArea: input.zoneArea ?? null,
        regimeStartedAt: started,
        commandingHqId: hq.id,
        commandingHqPath: hq.territoryPath,
        createdBy: ctx.user.id,
      })
      .returning();
    await tx
      .insert(operationCommand)
      .values({ operationId: op.id, hqBodyId: hq.id, since: started, byUser: ctx.user.id });
    await tx.insert(operationLog).values({
      operationId: op.id,
      entryType: "command_decision",
      text: "declared",
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      bodyId: hq.id,
    });
    await writeAudit(tx, ctx, {
      action: "operation.declared",
      entityType: "operation",
      entityId: op.id,
      territoryPath: hq.territoryPath,
      after: {
        number: op.number,
        title: op.title,
        goals: op.goals,
        zone: op.zoneTerritories,
        commandingHqId: hq.id,
      },
    });
    await linkIncidents(tx, ctx, op.id, [...new Set(input.incidentIds)]);
    await publish(tx, OPERATION_CHANNEL, {
      event: "declared",
      id: op.id,
      commandingHqPath: hq.territoryPath,
    });
    return getOperation(tx, actor, op.id);
  });
}

export async function listOperations(
  database: Database,
  actor: Actor,
  q: { status?: OperationStatus; limit: number; offset: number },
) {
  // Scope in SQL for HQs/ATC (their subtree); assigned bodies by membership of the chain or forces.
  const bodyIds = actor.grants.map((g) => g.bodyId);
  const subtrees = actor.grants
    .filter((g) => ["administrator", "atc_coordinator", "hq_officer"].includes(g.role))
    .map(
      (g) =>
        sql`(${operation.commandingHqPath} = ${g.territoryPath} or ${operation.commandingHqPath} like ${`${escapeLike(g.territoryPath)}/%`})`,
    );
  const assigned = bodyIds.length
    ? [
        inArray(
          operation.id,
          database.db
            .select({ id: operationCommand.operationId })
            .from(operationCommand)
            .where(inArray(operationCommand.hqBodyId, bodyIds)),
        ),
        inArray(
          operation.id,
          database.db
            .select({ id: operationForce.operationId })
            .from(operationForce)
            .where(inArray(operationForce.bodyId, bodyIds)),
        ),
      ]
    : [];
  const scope = [...subtrees, ...assigned];
  const conds: SQL[] = [scope.length ? or(...scope)! : sql`false`];
  if (q.status) conds.push(eq(operation.status, q.status));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    database.db
      .select({ op: operation, hq: body })
      .from(operation)
      .innerJoin(body, eq(body.id, operation.commandingHqId))
      .where(where)
      .orderBy(asc(operation.status), desc(operation.regimeStartedAt))
      .limit(q.limit)
      .offset(q.offset),
    database.db.select({ n: count() }).from(operation).where(where),
  ]);
  return { items: rows.map((r) => summaryOf(r.op, r.hq)), total: Number(total[0]?.n ?? 0) };
}

function summaryOf(op: OperationRow, hq: typeof body.$inferSelect): OperationSummary {
  return {
    id: op.id,
    number: op.number,
    title: op.title,
    status: op.status as OperationStatus,
    goals: op.goals as OperationGoal[],
    regimeStartedAt: op.regimeStartedAt.toISOString(),
    endedAt: op.endedAt?.toISOString() ?? null,
    commandingHq: { id: hq.id, names: namesOf(hq) },
    version: op.version,
  };
}

export async function getOperation(db: DbOrTx, actor: Actor, id: string): Promise<OperationDetail> {
  const { op, target } = await loadReadable(db, actor, id);
  const [chain, forces, log, incidents, zone] = await Promise.all([
    db
      .select()
      .from(operationCommand)
      .where(eq(operationCommand.operationId, id))
      .orderBy(asc(operationCommand.id)),
    db
      .select()
      .from(operationForce)
      .where(eq(operationForce.operationId, id))
      .orderBy(asc(operationForce.requestedAt)),
    db.select().from(operationLog).where(eq(operationLog.operationId, id)).orderBy(asc(operationLog.id)),
    db
      .select({ id: incident.id, regNumber: incident.regNumber, type: incident.type })
      .from(incident)
      .where(eq(incident.operationId, id)),
    db.select().from(territory).where(inArray(territory.code, op.zoneTerritories)),
  ]);
  const bodyIds = [
    ...new Set([op.commandingHqId, ...chain.map((c) => c.hqBodyId), ...forces.map((f) => f.bodyId)]),
  ];
  const bodies = new Map(
    (await db.select().from(body).where(inArray(body.id, bodyIds))).map((b) => [b.id, b]),
  );
  const commanding = canCommandOperation(actor, target);
  const active = op.status === "active";
  const allowed: OperationDetail["allowedActions"] = [];
  if (active && commanding) allowed.push("command", "end");
  if (active && hqGrants(actor).some((g) => canTakeOverCommand(op.commandingHqPath, g.territoryPath)))
    allowed.push("take_over");
  if (active && canWriteOperationLog(actor, target)) allowed.push("write_log");
  if (commanding) allowed.push("refer");
  return {
    ...summaryOf(op, bodies.get(op.commandingHqId)!),
    zone: zone.map((z) => ({ code: z.code, names: namesOf(z) })),
    zoneArea: (op.zoneArea as OperationDetail["zoneArea"]) ?? null,
    commandChain: chain.map((c) => ({
      hq: { id: c.hqBodyId, names: namesOf(bodies.get(c.hqBodyId)!) },
      since: c.since.toISOString(),
    })),
    forces: forces.map((f) => {
      const b = bodies.get(f.bodyId)!;
      return {
        id: f.id,
        body: { id: b.id, names: namesOf(b), kind: b.kind, subtype: b.subtype },
        status: f.status as ForceStatus,
        note: f.note,
        requestedAt: f.requestedAt.toISOString(),
        enRouteAt: f.enRouteAt?.toISOString() ?? null,
        onSiteAt: f.onSiteAt?.toISOString() ?? null,
        releasedAt: f.releasedAt?.toISOString() ?? null,
        version: f.version,
        nextStatuses:
          active && canUpdateForce(actor, target, f.bodyId) ? nextForceStatuses(f.status as ForceStatus) : [],
      };
    }),
    log: log.map((l) => ({
      id: l.id,
      at: l.at.toISOString(),
      entryType: l.entryType as LogEntryType,
      text: l.text,
      actorName: l.actorName,
    })),
    incidents,
    outcome: op.outcome,
    lessons: op.lessons,
    referral: op.investigatingBody
      ? {
          investigatingBody: op.investigatingBody,
          caseNumber: op.caseNumber ?? "",
          date: String(op.referralDate ?? ""),
        }
      : null,
    allowedActions: allowed,
    basis: ["R17", "R18"],
  };
}

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
    actorName: ctx.user.username,
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
    const [hq] = await tx.select().from(body).where(eq(body.id, grant.bodyId));
    await bump(tx, op, { commandingHqId: hq.id, commandingHqPath: hq.territoryPath });
    await tx.insert(operationCommand).values({ operationId: id, hqBodyId: hq.id, byUser: ctx.user.id });
    await logEntry(tx, ctx, id, "command_decision", "command taken over", hq.id);
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
    const [b] = await tx.select().from(body).where(eq(body.id, input.bodyId));
    if (!b?.active || !["state_body", "response_force", "akimat"].includes(b.kind)) {
      throw new AppError(400, "validation", {}, [{ path: "bodyId", code: "invalid_value" }]);
    }
    const [f] = await tx
      .insert(operationForce)
      .values({ operationId: id, bodyId: b.id, note: input.note })
      .returning();
    await logEntry(tx, ctx, id, "forces_movement", "forces requested", b.id);
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
  en_route: "enRouteAt",
  on_site: "onSiteAt",
  released: "releasedAt",
};

export async function updateForce(
  database: Database,
  ctx: Ctx,
  forceId: string,
  input: { status: ForceStatus; version: number },
) {
  return database.db.transaction(async (tx) => {
    const [f] = await tx.select().from(operationForce).where(eq(operationForce.id, forceId));
    if (!f) throw notFound();
    const { op, target } = await loadReadable(tx, ctx.user.actor, f.operationId);
    requireActive(op);
    if (!canUpdateForce(ctx.user.actor, target, f.bodyId)) throw forbidden();
    if (!nextForceStatuses(f.status as ForceStatus).includes(input.status)) {
      throw new AppError(409, "invalid_transition", { from: f.status, action: input.status });
    }
    const timeField = FORCE_TIME[input.status];
    const [row] = await tx
      .update(operationForce)
      .set({
        status: input.status,
        ...(timeField ? { [timeField]: new Date() } : {}),
        version: sql`${operationForce.version} + 1`,
      })
      .where(and(eq(operationForce.id, forceId), eq(operationForce.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await logEntry(tx, ctx, op.id, "forces_movement", `forces ${input.status}`, f.bodyId);
    await writeAudit(tx, ctx, {
      action: "operation.force_changed",
      entityType: "operation_force",
      entityId: forceId,
      territoryPath: op.commandingHqPath,
      before: { status: f.status },
      after: { status: input.status },
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
    await logEntry(tx, ctx, id, "command_decision", "regime lifted, operation ended");
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
    await linkIncidents(tx, ctx, id, [incidentId]);
    return getOperation(tx, ctx.user.actor, id);
  });
}
