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
import {
  canTakeOverCommand,
  type ForceStatus,
  type LoggedEntryType,
  nextForceStatuses,
  type OperationGoal,
  type OperationStatus,
  type SystemLogCode,
} from "../../../domain/operations";
import {
  canCommandOperation,
  canReadOperation,
  canWriteOperationLog,
  forceSides,
  hqGrants,
  type OperationTarget,
} from "../../../domain/policy";
import { almatyYear } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { publish } from "../../platform/events";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { incidentsOfOperation, linkToOperation } from "../incidents";
import { type BodyRecord, bodyById, bodyMap, territoriesByCodes } from "../registry";
import { operation, operationCommand, operationForce, operationLog } from "./operations.tables";

type Ctx = Required<RequestContext>;
type OperationRow = typeof operation.$inferSelect;

export const OPERATION_CHANNEL = "operation";

async function targetOf(db: DbOrTx, op: OperationRow): Promise<OperationTarget> {
  const chain = await db
    .select({ hq: operationCommand.hqBodyId })
    .from(operationCommand)
    .where(eq(operationCommand.operationId, op.id));
  const forces = await db
    .select({ bodyId: operationForce.bodyId })
    .from(operationForce)
    .where(eq(operationForce.operationId, op.id));
  return {
    commandingHqId: op.commandingHqId,
    commandingHqPath: op.commandingHqPath,
    formerHqIds: chain.map((c) => c.hq).filter((h) => h !== op.commandingHqId),
    forceBodyIds: forces.map((f) => f.bodyId),
  };
}

export async function loadReadable(db: DbOrTx, actor: Actor, id: string) {
  const [op] = await db.select().from(operation).where(eq(operation.id, id));
  if (!op) throw notFound();
  const target = await targetOf(db, op);
  if (!canReadOperation(actor, target)) throw notFound();
  return { op, target };
}

export function requireActive(op: OperationRow) {
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
    const hq = await bodyById(tx, grant.bodyId);
    if (hq?.kind !== "hq") throw forbidden();
    const zone = await territoriesByCodes(tx, input.zoneTerritories);
    if (zone.length !== new Set(input.zoneTerritories).size) {
      throw fieldError("zoneTerritories", "invalid_kato");
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
      entryType: "system",
      code: "declared",
      actorId: ctx.user.id,
      actorName: ctx.user.displayName,
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
    await linkToOperation(tx, ctx, op.id, [...new Set(input.incidentIds)]);
    await publish(tx, OPERATION_CHANNEL, {
      event: "declared",
      id: op.id,
      commandingHqPath: hq.territoryPath,
    });
    return getOperation(tx, actor, op.id);
  });
}

/**
 * The operations an actor may read, in SQL: HQs and the ATC their subtree; bodies on the chain of
 * command or among the forces theirs (as canReadOperation).
 */
export function operationReadScope(database: Database, actor: Actor): SQL {
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
  return scope.length ? or(...scope)! : sql`false`;
}

export async function listOperations(
  database: Database,
  actor: Actor,
  q: { status?: OperationStatus; limit: number; offset: number },
) {
  const conds: SQL[] = [operationReadScope(database, actor)];
  if (q.status) conds.push(eq(operation.status, q.status));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    database.db
      .select()
      .from(operation)
      .where(where)
      .orderBy(asc(operation.status), desc(operation.regimeStartedAt))
      .limit(q.limit)
      .offset(q.offset),
    database.db.select({ n: count() }).from(operation).where(where),
  ]);
  const hqs = await bodyMap(
    database.db,
    rows.map((op) => op.commandingHqId),
  );
  return {
    items: rows.map((op) => summaryOf(op, hqs.get(op.commandingHqId) as BodyRecord)),
    total: Number(total[0]?.n ?? 0),
  };
}

function summaryOf(op: OperationRow, hq: BodyRecord): OperationSummary {
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
  const chain = await db
    .select()
    .from(operationCommand)
    .where(eq(operationCommand.operationId, id))
    .orderBy(asc(operationCommand.id));
  const forces = await db
    .select()
    .from(operationForce)
    .where(eq(operationForce.operationId, id))
    .orderBy(asc(operationForce.requestedAt));
  const log = await db
    .select()
    .from(operationLog)
    .where(eq(operationLog.operationId, id))
    .orderBy(asc(operationLog.id));
  const incidents = await incidentsOfOperation(db, id);
  const zone = await territoriesByCodes(db, op.zoneTerritories);
  const bodyIds = [
    ...new Set([
      op.commandingHqId,
      ...chain.map((c) => c.hqBodyId),
      ...forces.map((f) => f.bodyId),
      ...log.flatMap((l) => (l.bodyId ? [l.bodyId] : [])),
    ]),
  ];
  const bodies = await bodyMap(db, bodyIds);
  const people = await peopleByIds(
    db,
    log.map((l) => l.actorId),
  );
  const logBodies = bodies;
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
        committedAt: f.committedAt?.toISOString() ?? null,
        commitNote: f.commitNote,
        eta: f.eta?.toISOString() ?? null,
        enRouteAt: f.enRouteAt?.toISOString() ?? null,
        onSiteAt: f.onSiteAt?.toISOString() ?? null,
        releasedAt: f.releasedAt?.toISOString() ?? null,
        version: f.version,
        nextStatuses: active
          ? nextForceStatuses(
              f.status as ForceStatus,
              forceSides(actor, f.bodyId, canCommandOperation(actor, target)),
            )
          : [],
      };
    }),
    log: log.map((l) => {
      const b = l.bodyId ? logBodies.get(l.bodyId) : undefined;
      return {
        id: l.id,
        at: l.at.toISOString(),
        entryType: l.entryType as LoggedEntryType,
        code: (l.code as SystemLogCode | null) ?? null,
        params: l.params,
        text: l.text,
        actorName: l.actorName,
        actor: (l.actorId && people.get(l.actorId)) || null,
        body: b ? { id: b.id, names: namesOf(b) } : null,
      };
    }),
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
