/**
 * Threat-level decisions (Decree No. 611; R6, R10.1, R21.3): declare for a set of territories and a
 * period; extend, raise, lower, partly lift or cancel by a new decision referencing the one changed.
 * Each decision is audited and announced (NOTIFY) in its transaction; all of them serialise on one
 * advisory lock (numbering, one change per decision, the start/expiry job).
 */
import { asc, eq, sql } from "drizzle-orm";
import type {
  ChangeThreatLevelBody,
  DeclareThreatLevelBody,
  ThreatDeclaration,
} from "../../../domain/contracts/threat-levels";
import { almatyYear } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import {
  canDeclareThreatLevel,
  canReadThreatDeclaration,
  canReadThreatGrounds,
  DEFAULT_DECLARERS,
  type DeclarerRule,
  declarableScopes,
} from "../../../domain/threat-level-policy";
import {
  type ChangeAction,
  changeProblem,
  changeStartsAt,
  changesOf,
  type DeclarationAction,
  type DeclarationFacts,
  effectiveEnd,
  possibleChanges,
  statusOf,
  type ThreatLevel,
  withoutCovered,
} from "../../../domain/threat-levels";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { publish } from "../../platform/events";
import { lockForTransaction } from "../../platform/locks";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import type { MailConfig } from "../mail";
import { bodyMap, type TerritoryRecord, territoriesByCodes } from "../registry";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { threatLevelDeclaration } from "./threat-levels.tables";
import { closeEndedTasks, createThreatTasks } from "./threat-levels.tasks";

type Ctx = Required<RequestContext>;
export type DeclarationRow = typeof threatLevelDeclaration.$inferSelect;

export type ThreatLevelsConfig = {
  /** Who may declare where (a setting per role and territory tier). */
  declarers: readonly DeclarerRule[];
  /** SMTP settings: the measures' tasks are also mailed (the outbox); null/absent: in-app only. */
  mail?: MailConfig | null;
};
export const defaultThreatLevelsConfig: ThreatLevelsConfig = { declarers: DEFAULT_DECLARERS };

type FactsRow = Pick<
  DeclarationRow,
  "id" | "action" | "level" | "territoryPaths" | "startsAt" | "endsAt" | "supersedesId" | "createdAt"
>;

export function factsOf(r: FactsRow): DeclarationFacts {
  return {
    id: r.id,
    action: r.action as DeclarationAction,
    level: (r.level as ThreatLevel | null) ?? null,
    territoryPaths: r.territoryPaths,
    startsAt: r.startsAt.getTime(),
    endsAt: r.endsAt?.getTime() ?? null,
    supersedesId: r.supersedesId,
    createdAt: r.createdAt.getTime(),
  };
}

/** Every decision, oldest first (a few a year per territory: read whole, filtered in memory). */
export function allDeclarations(db: DbOrTx): Promise<DeclarationRow[]> {
  return db.select().from(threatLevelDeclaration).orderBy(asc(threatLevelDeclaration.createdAt));
}

/** Now, to the whole second: a decision's time is its CAP `sent`, which has no fractions. */
const wholeSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

async function resolveTerritories(db: DbOrTx, codes: readonly string[]) {
  const unique = [...new Set(codes)];
  const found = await territoriesByCodes(db, unique);
  if (found.length !== unique.length) throw fieldError("territories", "invalid_kato");
  const byCode = new Map(found.map((t) => [t.code, t]));
  // Declared order, without a unit already covered by another one in the set.
  const keep = new Set(withoutCovered(unique.map((c) => byCode.get(c)!.path)));
  return unique.map((c) => byCode.get(c)!).filter((t) => keep.has(t.path));
}

async function nextNumber(tx: DbOrTx, at: Date): Promise<string> {
  const year = almatyYear(at);
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(threatLevelDeclaration)
    .where(sql`${threatLevelDeclaration.number} like ${`${year}-%`}`);
  return `${year}-${String(Number(n) + 1).padStart(4, "0")}`;
}

/** The body in whose name the actor declares there: the grant that allows it. */
function declaringGrant(actor: Actor, paths: readonly string[], rules: readonly DeclarerRule[]) {
  return actor.grants.find((g) => canDeclareThreatLevel({ userId: actor.userId, grants: [g] }, paths, rules));
}

const eventOf = (
  event: ThreatLevelEvent["event"],
  r: DeclarationRow,
  previousLevel: ThreatLevel | null,
): ThreatLevelEvent => ({
  event,
  id: r.id,
  action: r.action as DeclarationAction,
  level: (r.level as ThreatLevel | null) ?? null,
  previousLevel,
  territoryPaths: r.territoryPaths,
  at: new Date().toISOString(),
});

/** What the audit log keeps of a decision: everything but the announcement texts. */
const auditAfter = (r: DeclarationRow) => ({
  number: r.number,
  action: r.action,
  level: r.level,
  territories: r.territories,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt?.toISOString() ?? null,
  decisionRef: r.decisionRef,
  supersedesId: r.supersedesId,
  grounds: r.grounds,
});

export async function declareThreatLevel(
  database: Database,
  ctx: Ctx,
  input: DeclareThreatLevelBody,
  cfg: ThreatLevelsConfig = defaultThreatLevelsConfig,
): Promise<ThreatDeclaration> {
  const actor = ctx.user.actor;
  const now = Date.now();
  const startsAt = input.startsAt ? new Date(input.startsAt) : wholeSecond(now);
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  if (endsAt && endsAt.getTime() <= Math.max(startsAt.getTime(), now))
    throw fieldError("endsAt", "end_not_after_start");
  const id = await database.db.transaction(async (tx) => {
    const units = await resolveTerritories(tx, input.territories);
    const paths = units.map((u) => u.path);
    const grant = declaringGrant(actor, paths, cfg.declarers);
    if (!grant) throw forbidden();
    await lockForTransaction(tx, "threatLevels");
    const createdAt = wholeSecond(Date.now());
    const [row] = await tx
      .insert(threatLevelDeclaration)
      .values({
        number: await nextNumber(tx, createdAt),
        action: "declare",
        level: input.level,
        territories: units.map((u) => u.code),
        territoryPaths: paths,
        startsAt,
        endsAt,
        grounds: input.grounds,
        announcementKk: input.announcement.kk,
        announcementRu: input.announcement.ru,
        announcementEn: input.announcement.en,
        decisionRef: input.decisionRef,
        bodyId: grant.bodyId,
        createdBy: ctx.user.id,
        createdByName: ctx.user.displayName,
        createdAt,
      })
      .returning();
    const tasks = await createThreatTasks(tx, row, cfg.mail ?? null);
    await writeAudit(tx, ctx, {
      action: "threat_level.declared",
      entityType: "threat_level_declaration",
      entityId: row.id,
      territoryPath: commonScope(paths),
      after: { ...auditAfter(row), tasks },
    });
    await publish(tx, THREAT_LEVEL_CHANNEL, eventOf("declared", row, null));
    return row.id;
  });
  return getThreatDeclaration(database.db, actor, id, cfg);
}

/** The deepest path every one of these lies in (the audit entry's territory). */
function commonScope(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("/"));
  const out: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.join("/") || "KZ";
}

export async function changeThreatLevel(
  database: Database,
  ctx: Ctx,
  id: string,
  input: ChangeThreatLevelBody,
  cfg: ThreatLevelsConfig = defaultThreatLevelsConfig,
): Promise<ThreatDeclaration> {
  const actor = ctx.user.actor;
  const newId = await database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "threatLevels");
    const [d] = await tx.select().from(threatLevelDeclaration).where(eq(threatLevelDeclaration.id, id));
    if (!d || !canReadThreatDeclaration(actor, d.territoryPaths)) throw notFound();
    if (!canDeclareThreatLevel(actor, d.territoryPaths, cfg.declarers)) throw forbidden();
    const [existing] = await tx
      .select({ id: threatLevelDeclaration.id })
      .from(threatLevelDeclaration)
      .where(eq(threatLevelDeclaration.supersedesId, d.id));
    const now = Date.now();
    const facts = factsOf(d);
    const status = statusOf(facts, undefined, now);
    if (existing || !possibleChanges(facts, undefined, now).includes(input.action))
      throw new AppError(409, "declaration_not_changeable", { status: existing ? "superseded" : status });
    let units: TerritoryRecord[] | null = null;
    if (input.action === "partial_lift") {
      if (!input.territories) throw fieldError("territories", "required");
      units = await resolveTerritories(tx, input.territories);
    }
    const endsAt: number | null | undefined =
      input.action !== "extend" || input.endsAt === undefined
        ? undefined
        : input.endsAt === null
          ? null
          : Date.parse(input.endsAt);
    const problem = changeProblem(facts, {
      action: input.action,
      level: input.level ?? null,
      endsAt,
      keptPaths: units?.map((u) => u.path),
    });
    if (problem) throw fieldError(problem.path, problem.code);
    const startsAt = new Date(changeStartsAt(facts, wholeSecond(now).getTime()));
    if (input.action === "extend" && endsAt !== null && endsAt !== undefined && endsAt <= startsAt.getTime())
      throw fieldError("endsAt", "end_not_after_start");
    const grant = declaringGrant(actor, d.territoryPaths, cfg.declarers)!;
    const createdAt = wholeSecond(Date.now());
    const level = levelAfter(input.action, d.level as ThreatLevel, input.level);
    const [row] = await tx
      .insert(threatLevelDeclaration)
      .values({
        number: await nextNumber(tx, createdAt),
        action: input.action,
        level,
        territories: units ? units.map((u) => u.code) : d.territories,
        territoryPaths: units ? units.map((u) => u.path) : d.territoryPaths,
        startsAt,
        endsAt: input.action === "extend" ? (endsAt ? new Date(endsAt) : null) : d.endsAt,
        grounds: input.grounds,
        announcementKk: input.announcement.kk,
        announcementRu: input.announcement.ru,
        announcementEn: input.announcement.en,
        decisionRef: input.decisionRef,
        supersedesId: d.id,
        bodyId: grant.bodyId,
        createdBy: ctx.user.id,
        createdByName: ctx.user.displayName,
        createdAt,
      })
      .returning();
    const chain = chainOf(await allDeclarations(tx), d.id);
    const closed = await closeEndedTasks(tx, row, chain);
    const tasks = await createThreatTasks(tx, row, cfg.mail ?? null);
    await writeAudit(tx, ctx, {
      action: "threat_level.changed",
      entityType: "threat_level_declaration",
      entityId: row.id,
      territoryPath: commonScope(d.territoryPaths),
      before: { id: d.id, number: d.number, level: d.level, territories: d.territories },
      after: { ...auditAfter(row), tasks, closedTasks: closed },
    });
    await publish(tx, THREAT_LEVEL_CHANNEL, eventOf("changed", row, (d.level as ThreatLevel) ?? null));
    return row.id;
  });
  return getThreatDeclaration(database.db, actor, newId, cfg);
}

function levelAfter(action: ChangeAction, current: ThreatLevel, asked: ThreatLevel | undefined) {
  if (action === "cancel") return null;
  if (action === "raise" || action === "lower") return asked!;
  return current;
}

/** Presents decisions for an actor: names, status, change made, grounds where allowed, actions. */
export async function presentDeclarations(
  db: DbOrTx,
  actor: Actor,
  rows: readonly DeclarationRow[],
  all: readonly DeclarationRow[],
  cfg: ThreatLevelsConfig,
  now = Date.now(),
): Promise<ThreatDeclaration[]> {
  const changes = changesOf(all.map(factsOf));
  const units = await territoriesByCodes(db, [...new Set(rows.flatMap((r) => r.territories))]);
  const bodies = await bodyMap(db, [...new Set(rows.map((r) => r.bodyId).filter((x): x is string => !!x))]);
  const byCode = new Map(units.map((u) => [u.code, u]));
  return rows.map((r) => {
    const facts = factsOf(r);
    const change = changes.get(r.id);
    const end = effectiveEnd(facts, change);
    const mayChange = canDeclareThreatLevel(actor, r.territoryPaths, cfg.declarers);
    const body = r.bodyId ? bodies.get(r.bodyId) : undefined;
    return {
      id: r.id,
      number: r.number,
      action: r.action as DeclarationAction,
      level: (r.level as ThreatLevel | null) ?? null,
      status: statusOf(facts, change, now),
      territories: r.territories.map((code, i) => {
        const u = byCode.get(code);
        return {
          code,
          path: r.territoryPaths[i] ?? u?.path ?? code,
          names: u ? namesOf(u) : { kk: code, ru: code, en: code },
        };
      }),
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt?.toISOString() ?? null,
      effectiveEnd: end === null ? null : new Date(end).toISOString(),
      ...(canReadThreatGrounds(actor, r.territoryPaths, cfg.declarers) ? { grounds: r.grounds } : {}),
      announcement: { kk: r.announcementKk, ru: r.announcementRu, en: r.announcementEn },
      decisionRef: r.decisionRef,
      supersedesId: r.supersedesId,
      changedById: change?.id ?? null,
      declaredBy: {
        body: body ? { id: body.id, names: namesOf(body) } : null,
        userName: r.createdByName,
      },
      createdAt: r.createdAt.toISOString(),
      allowedActions: mayChange ? possibleChanges(facts, change, now) : [],
    };
  });
}

export async function getThreatDeclaration(
  db: DbOrTx,
  actor: Actor,
  id: string,
  cfg: ThreatLevelsConfig = defaultThreatLevelsConfig,
): Promise<ThreatDeclaration> {
  const all = await allDeclarations(db);
  const row = all.find((r) => r.id === id);
  if (!row || !canReadThreatDeclaration(actor, row.territoryPaths)) throw notFound();
  const [out] = await presentDeclarations(db, actor, [row], all, cfg);
  return out;
}

/** Every decision concerning the actor's territories, newest first, and whether they may declare. */
export async function listThreatDeclarations(
  db: DbOrTx,
  actor: Actor,
  cfg: ThreatLevelsConfig = defaultThreatLevelsConfig,
) {
  const all = await allDeclarations(db);
  const readable = all.filter((r) => canReadThreatDeclaration(actor, r.territoryPaths)).reverse();
  return {
    items: await presentDeclarations(db, actor, readable, all, cfg),
    allowedActions: declarableScopes(actor, cfg.declarers).length ? ["declare" as const] : [],
  };
}

/**
 * The timeline of a territory: the decisions covering it (declared for it or above it) or made for a
 * part of it, newest first — those the actor may read.
 */
export async function territoryHistory(
  db: DbOrTx,
  actor: Actor,
  code: string,
  cfg: ThreatLevelsConfig = defaultThreatLevelsConfig,
) {
  const [unit] = await territoriesByCodes(db, [code]);
  if (!unit) throw notFound();
  const all = await allDeclarations(db);
  const rows = all
    .filter(
      (r) =>
        canReadThreatDeclaration(actor, r.territoryPaths) &&
        r.territoryPaths.some(
          (p) => unit.path === p || unit.path.startsWith(`${p}/`) || p.startsWith(`${unit.path}/`),
        ),
    )
    .reverse();
  return {
    territory: { code: unit.code, path: unit.path, names: namesOf(unit) },
    items: await presentDeclarations(db, actor, rows, all, cfg),
  };
}

/** The ids of a decision and of every decision it changed, back to the first declaration. */
export function chainOf(rows: readonly { id: string; supersedesId: string | null }[], id: string): string[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: string[] = [];
  for (
    let cur = byId.get(id);
    cur && !out.includes(cur.id);
    cur = cur.supersedesId ? byId.get(cur.supersedesId) : undefined
  )
    out.push(cur.id);
  return out;
}
