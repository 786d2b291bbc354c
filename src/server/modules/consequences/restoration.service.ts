/**
 * Restoring normal life after the act (R20.4, R21.3, R21.4), on an activation: objects damaged —
 * the damage assessment, restoration tasks, cost, the date it was restored; environmental safety
 * checks with their results; public statements to limit the moral-psychological effect, drafted by
 * one person and approved by another, published on the public page while approved (published
 * statements are read by `publishedStatements`, and every approval or withdrawal NOTIFYs
 * `CONSEQUENCE_PUBLIC_CHANNEL` so the public page can rebuild). Restoring outlasts the emergency:
 * it is recorded on closed activations too.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import {
  canMarkRestored,
  type DamageLevel,
  type EnvCheckKind,
  type EnvCheckResult,
  nextStatementStatus,
  restorationState,
  type StatementStatus,
  statementActionsFrom,
} from "../../../domain/consequences";
import type {
  DamagedObjectBody,
  EnvCheckBody,
  RestorationView,
  StatementActionBody,
  StatementBody,
  UpdateDamagedObjectBody,
} from "../../../domain/contracts/consequences";
import {
  type ActivationTarget,
  canApproveStatement,
  canReadActivation,
  restorationGrant,
} from "../../../domain/policy";
import { almatyDate } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { bodiesByIds, bodyMap, territoriesByCodes } from "../registry";
import {
  CONSEQUENCE_PUBLIC_CHANNEL,
  CONSEQUENCES_CHANNEL,
  type ConsequenceEvent,
} from "./consequence-events";
import { activation, damagedObject, envCheck, publicStatement } from "./consequences.tables";
import { NO_NAMES, refOf, territoryOrField } from "./shared";

type Ctx = Required<RequestContext>;
type ActivationRow = typeof activation.$inferSelect;

const targetOf = (a: ActivationRow): ActivationTarget => ({
  activatorBodyId: a.activatorBodyId,
  territoryPath: a.territoryPath,
});

export const RESTORATION_BASIS = ["R20", "R21.3", "R21.4"];

/** The activation, when the reader sees its whole board; else 404 (a force sees only its own tasks). */
async function readableActivation(db: DbOrTx, actor: Actor, id: string) {
  const [a] = await db.select().from(activation).where(eq(activation.id, id));
  if (!a || !canReadActivation(actor, targetOf(a))) throw notFound();
  return a;
}

/** Readable, and the reader may record restoring on it (403 otherwise). */
async function recordable(db: DbOrTx, actor: Actor, id: string) {
  const a = await readableActivation(db, actor, id);
  const grant = restorationGrant(actor, targetOf(a));
  if (!grant) throw forbidden();
  return { a, grant };
}

function boardEvent(a: ActivationRow): ConsequenceEvent {
  return {
    event: "restoration_changed",
    activationId: a.id,
    territoryPath: a.territoryPath,
    activatorBodyId: a.activatorBodyId,
    bodyIds: [],
    at: new Date().toISOString(),
  };
}

export async function getRestoration(db: DbOrTx, actor: Actor, id: string): Promise<RestorationView> {
  const a = await readableActivation(db, actor, id);
  const objects = await db
    .select()
    .from(damagedObject)
    .where(eq(damagedObject.activationId, id))
    .orderBy(asc(damagedObject.createdAt));
  const checks = await db
    .select()
    .from(envCheck)
    .where(eq(envCheck.activationId, id))
    .orderBy(desc(envCheck.checkedAt));
  const statements = await db
    .select()
    .from(publicStatement)
    .where(eq(publicStatement.activationId, id))
    .orderBy(desc(publicStatement.createdAt));
  const bodies = await bodyMap(db, [
    ...checks.map((c) => c.bodyId).filter((x): x is string => !!x),
    ...statements.map((s) => s.authorBodyId),
  ]);
  const units = await territoriesByCodes(db, [...new Set(statements.map((s) => s.territoryCode))]);
  const people =
    await // Who recorded and approved, named with their bodies: one batched read for the whole page.
    peopleByIds(db, [
      ...objects.map((o) => o.recordedById),
      ...checks.map((c) => c.recordedById),
      ...statements.map((s) => s.approvedBy),
      ...statements.map((s) => s.authorId),
    ]);
  const personOf = (id: string | null) => (id && people.get(id)) || null;
  const unit = new Map(units.map((u) => [u.code, namesOf(u)]));
  const record = !!restorationGrant(actor, targetOf(a));
  const objectViews = objects.map((o) => ({
    id: o.id,
    name: o.name,
    address: o.address,
    objectId: o.objectId,
    damage: o.damage as DamageLevel,
    assessment: o.assessment,
    restoration: o.restoration,
    costTenge: o.costTenge,
    doneOn: o.doneOn,
    state: restorationState(o),
    recordedBy: o.recordedBy,
    recorder: personOf(o.recordedById),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  }));
  return {
    activationId: a.id,
    objects: objectViews,
    checks: checks.map((c) => ({
      id: c.id,
      kind: c.kind as EnvCheckKind,
      place: c.place,
      checkedAt: c.checkedAt.toISOString(),
      result: c.result as EnvCheckResult,
      findings: c.findings,
      damagedObjectId: c.damagedObjectId,
      body: c.bodyId ? refOf(bodies.get(c.bodyId), c.bodyId) : null,
      recordedBy: c.recordedBy,
      recorder: personOf(c.recordedById),
    })),
    statements: statements.map((s) => {
      const status = s.status as StatementStatus;
      const may =
        status === "draft"
          ? canApproveStatement(actor, targetOf(a), s.authorId)
          : !!restorationGrant(actor, targetOf(a));
      return {
        id: s.id,
        text: { kk: s.textKk, ru: s.textRu, en: s.textEn },
        territory: { code: s.territoryCode, names: unit.get(s.territoryCode) ?? NO_NAMES },
        status,
        author: {
          name: s.authorName,
          body: refOf(bodies.get(s.authorBodyId), s.authorBodyId),
          person: personOf(s.authorId),
        },
        createdAt: s.createdAt.toISOString(),
        approvedAt: s.approvedAt?.toISOString() ?? null,
        approvedBy: s.approvedByName,
        approver: personOf(s.approvedBy),
        withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
        version: s.version,
        // The author may withdraw a draft but not approve it; the approve button is another's.
        allowedActions: statementActionsFrom(status).filter((x) =>
          x === "approve" ? may : !!restorationGrant(actor, targetOf(a)),
        ),
      };
    }),
    totals: {
      objects: objects.length,
      restored: objectViews.filter((o) => o.state === "restored").length,
      costTenge: objects.reduce((n, o) => n + (o.costTenge ?? 0), 0),
      exceeded: checks.filter((c) => c.result === "exceeded").length,
    },
    basis: RESTORATION_BASIS,
    allowedActions: record ? ["record"] : [],
  };
}

/** A restored date: every restoration task done, and not after today (Almaty). */
function checkDone(input: DamagedObjectBody) {
  if (!input.doneOn) return;
  if (!canMarkRestored(input.restoration)) throw fieldError("doneOn", "restoration_open");
  if (input.doneOn > almatyDate(new Date())) throw fieldError("doneOn", "in_future");
}

const objectAudit = (o: DamagedObjectBody) => ({
  name: o.name,
  damage: o.damage,
  restoration: o.restoration.length,
  restorationDone: o.restoration.filter((r) => r.done).length,
  costTenge: o.costTenge,
  doneOn: o.doneOn,
});

export async function addDamagedObject(database: Database, ctx: Ctx, id: string, input: DamagedObjectBody) {
  checkDone(input);
  await database.db.transaction(async (tx) => {
    const { a } = await recordable(tx, ctx.user.actor, id);
    const [o] = await tx
      .insert(damagedObject)
      .values({ activationId: id, ...input, recordedBy: ctx.user.displayName, recordedById: ctx.user.id })
      .returning({ id: damagedObject.id });
    await writeAudit(tx, ctx, {
      action: "consequences.damage_recorded",
      entityType: "consequence_damaged_object",
      entityId: o.id,
      territoryPath: a.territoryPath,
      after: { activationId: id, ...objectAudit(input) },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, boardEvent(a));
  });
  return getRestoration(database.db, ctx.user.actor, id);
}

export async function updateDamagedObject(
  database: Database,
  ctx: Ctx,
  objectId: string,
  input: UpdateDamagedObjectBody,
) {
  checkDone(input);
  const activationId = await database.db.transaction(async (tx) => {
    const [o] = await tx.select().from(damagedObject).where(eq(damagedObject.id, objectId));
    if (!o) throw notFound();
    const { a } = await recordable(tx, ctx.user.actor, o.activationId);
    if (o.version !== input.version) throw versionConflict();
    const { version, ...values } = input;
    const [row] = await tx
      .update(damagedObject)
      .set({ ...values, version: version + 1, updatedAt: new Date() })
      .where(and(eq(damagedObject.id, objectId), eq(damagedObject.version, version)))
      .returning({ id: damagedObject.id });
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "consequences.damage_updated",
      entityType: "consequence_damaged_object",
      entityId: objectId,
      territoryPath: a.territoryPath,
      before: objectAudit({ ...o, damage: o.damage as DamageLevel }),
      after: objectAudit(input),
    });
    await publish(tx, CONSEQUENCES_CHANNEL, boardEvent(a));
    return a.id;
  });
  return getRestoration(database.db, ctx.user.actor, activationId);
}

export async function addEnvCheck(database: Database, ctx: Ctx, id: string, input: EnvCheckBody) {
  if (Date.parse(input.checkedAt) > Date.now() + 5 * 60_000) throw fieldError("checkedAt", "in_future");
  await database.db.transaction(async (tx) => {
    const { a } = await recordable(tx, ctx.user.actor, id);
    if (input.damagedObjectId) {
      const [o] = await tx
        .select({ activationId: damagedObject.activationId })
        .from(damagedObject)
        .where(eq(damagedObject.id, input.damagedObjectId));
      if (o?.activationId !== id) throw fieldError("damagedObjectId", "invalid_value");
    }
    if (input.bodyId) {
      const [b] = await bodiesByIds(tx, [input.bodyId]);
      if (!b?.active) throw fieldError("bodyId", "unknown_body");
    }
    const [c] = await tx
      .insert(envCheck)
      .values({
        activationId: id,
        damagedObjectId: input.damagedObjectId,
        kind: input.kind,
        place: input.place,
        checkedAt: new Date(input.checkedAt),
        result: input.result,
        findings: input.findings,
        bodyId: input.bodyId,
        recordedBy: ctx.user.displayName,
        recordedById: ctx.user.id,
      })
      .returning({ id: envCheck.id });
    await writeAudit(tx, ctx, {
      action: "consequences.env_checked",
      entityType: "consequence_env_check",
      entityId: c.id,
      territoryPath: a.territoryPath,
      after: { activationId: id, kind: input.kind, result: input.result, checkedAt: input.checkedAt },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, boardEvent(a));
  });
  return getRestoration(database.db, ctx.user.actor, id);
}

export async function addStatement(database: Database, ctx: Ctx, id: string, input: StatementBody) {
  await database.db.transaction(async (tx) => {
    const { a, grant } = await recordable(tx, ctx.user.actor, id);
    const where = input.territory ? await territoryOrField(tx, input.territory) : null;
    if (where && !isInSubtree(where.path, a.territoryPath)) throw fieldError("territory", "invalid_value");
    const [s] = await tx
      .insert(publicStatement)
      .values({
        activationId: id,
        territoryCode: where?.code ?? a.territoryCode,
        territoryPath: where?.path ?? a.territoryPath,
        textKk: input.textKk,
        textRu: input.textRu,
        textEn: input.textEn,
        authorId: ctx.user.id,
        authorName: ctx.user.displayName,
        authorBodyId: grant.bodyId,
      })
      .returning({ id: publicStatement.id });
    await writeAudit(tx, ctx, {
      action: "consequences.statement_drafted",
      entityType: "consequence_statement",
      entityId: s.id,
      territoryPath: a.territoryPath,
      after: { activationId: id, territory: where?.code ?? a.territoryCode, textRu: input.textRu },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, boardEvent(a));
  });
  return getRestoration(database.db, ctx.user.actor, id);
}

/** What the public page hears: a statement was published or withdrawn (it re-reads `publishedStatements`). */
export type PublicStatementEvent = { event: "approved" | "withdrawn"; statementId: string; at: string };

export async function actOnStatement(
  database: Database,
  ctx: Ctx,
  statementId: string,
  input: StatementActionBody,
) {
  const actor = ctx.user.actor;
  const activationId = await database.db.transaction(async (tx) => {
    const [s] = await tx.select().from(publicStatement).where(eq(publicStatement.id, statementId));
    if (!s) throw notFound();
    const { a } = await recordable(tx, actor, s.activationId);
    const from = s.status as StatementStatus;
    const to = nextStatementStatus(from, input.action);
    if (!to) throw new AppError(409, "invalid_transition", { from, action: input.action });
    if (input.action === "approve" && !canApproveStatement(actor, targetOf(a), s.authorId)) throw forbidden();
    if (s.version !== input.version) throw versionConflict();
    const now = new Date();
    const [row] = await tx
      .update(publicStatement)
      .set({
        status: to,
        ...(to === "approved"
          ? { approvedAt: now, approvedBy: ctx.user.id, approvedByName: ctx.user.displayName }
          : {}),
        ...(to === "withdrawn" ? { withdrawnAt: now } : {}),
        version: s.version + 1,
      })
      .where(and(eq(publicStatement.id, statementId), eq(publicStatement.version, input.version)))
      .returning({ id: publicStatement.id });
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action:
        input.action === "approve" ? "consequences.statement_approved" : "consequences.statement_withdrawn",
      entityType: "consequence_statement",
      entityId: statementId,
      territoryPath: a.territoryPath,
      before: { status: from },
      after: { status: to },
    });
    await publish(tx, CONSEQUENCES_CHANNEL, boardEvent(a));
    // The public page changes only when a published statement appears or goes.
    if (to === "approved" || from === "approved") {
      const e: PublicStatementEvent = {
        event: to === "approved" ? "approved" : "withdrawn",
        statementId,
        at: now.toISOString(),
      };
      await publish(tx, CONSEQUENCE_PUBLIC_CHANNEL, e);
    }
    return a.id;
  });
  return getRestoration(database.db, actor, activationId);
}

/** A statement as the public reads it: its text in three languages, when it was approved, where. */
export type PublishedStatement = {
  id: string;
  text: { kk: string; ru: string; en: string };
  publishedAt: string;
  territory: { code: string; path: string; names: { kk: string; ru: string; en: string } };
  /** The body in whose name it was made (never a person's name). */
  bodyNames: { kk: string; ru: string; en: string };
};

/**
 * The approved (and not withdrawn) public statements (R21.3), newest first — what the public page
 * shows. No author's name, no activation detail. An empty English text falls back to the Russian.
 */
export async function publishedStatements(db: DbOrTx, limit = 50): Promise<PublishedStatement[]> {
  const rows = await db
    .select()
    .from(publicStatement)
    .where(eq(publicStatement.status, "approved"))
    .orderBy(desc(publicStatement.approvedAt))
    .limit(limit);
  if (!rows.length) return [];
  const units = await territoriesByCodes(db, [...new Set(rows.map((r) => r.territoryCode))]);
  const bodies = await bodyMap(db, [...new Set(rows.map((r) => r.authorBodyId))]);
  const unit = new Map(units.map((u) => [u.code, namesOf(u)]));
  return rows.map((r) => {
    const b = bodies.get(r.authorBodyId);
    return {
      id: r.id,
      text: { kk: r.textKk, ru: r.textRu, en: r.textEn || r.textRu },
      publishedAt: (r.approvedAt ?? r.createdAt).toISOString(),
      territory: {
        code: r.territoryCode,
        path: r.territoryPath,
        names: unit.get(r.territoryCode) ?? NO_NAMES,
      },
      bodyNames: b ? namesOf(b) : NO_NAMES,
    };
  });
}
