/**
 * The coordination registry (Rules ch. 1: R3–R5, R13, R18, R22, R23): territories, bodies and
 * their memberships. Every read is scoped by the permission policy (src/domain/policy.ts); a record
 * outside the actor's scope answers 404. Every change is audited in its own transaction.
 */
import { and, asc, count, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { BodyKind, ResponseForceType } from "../../../domain/bodies";
import { bodyKindBasis, responseForceBasis, SYSTEM_KINDS, subtypesByKind } from "../../../domain/bodies";
import type {
  BodyDetail,
  BodyListQuery,
  BodySummary,
  CreateBodyBody,
  MembershipView,
  UpdateBodyBody,
} from "../../../domain/contracts/registry";
import {
  type Action,
  allowedActions,
  can,
  type ReadFilter,
  readFilters,
  type Target,
} from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import { buildSearchText } from "../../../domain/search";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import {
  AppError,
  fieldError,
  forbidden,
  mapDbError,
  notFound,
  versionConflict,
} from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { body, membership, territory } from "./registry.tables";
import { bodyIndexFor } from "./search-read-model/body-index";
import { ancestorPaths, searchPlan, territoryRow } from "./territories.service";

type BodyRow = typeof body.$inferSelect;
type TerritoryRow = typeof territory.$inferSelect;
type Ctx = Required<RequestContext>;

/** Legal basis of a body: its kind's R-ids, narrowed to R22 or R23 for response forces. */
export function basisOf(kind: BodyKind, subtype: string | null): string[] {
  if (kind === "response_force" && subtype) return [responseForceBasis(subtype as ResponseForceType)];
  return bodyKindBasis[kind];
}

/* ------------------------------------------------------------------ territories */

const subtreeSql = (column: typeof body.territoryPath | typeof territory.path, path: string) =>
  sql`(${column} = ${path} or ${column} like ${`${escapeLike(path)}/%`})`;

/** The policy's read filters as SQL over `body` (its denormalised territory_path). */
function readScopeSql(actor: Actor): SQL {
  const parts: SQL[] = readFilters(actor).map((f: ReadFilter) => {
    switch (f.type) {
      case "subtree":
        return subtreeSql(body.territoryPath, f.path);
      case "ancestors": {
        const inPaths = inArray(body.territoryPath, ancestorPaths(f.path));
        return f.kinds ? and(inPaths, inArray(body.kind, [...f.kinds]))! : inPaths;
      }
      default:
        return eq(body.id, f.bodyId);
    }
  });
  return parts.length ? or(...parts)! : sql`false`;
}

export const targetOf = (b: BodyRow, path: string): Target => ({
  kind: b.kind as BodyKind,
  bodyId: b.id,
  territoryPath: path,
});

export async function loadBody(db: DbOrTx, id: string): Promise<{ b: BodyRow; t: TerritoryRow } | null> {
  const [row] = await db
    .select({ b: body, t: territory })
    .from(body)
    .innerJoin(territory, eq(territory.code, body.territoryCode))
    .where(eq(body.id, id));
  return row ?? null;
}

/** Load a body the actor may read, else 404 (existence is not revealed). */
export async function readableBody(db: DbOrTx, actor: Actor, id: string) {
  const row = await loadBody(db, id);
  if (!row || !can(actor, "registry.read", targetOf(row.b, row.t.path))) throw notFound();
  return row;
}

export function requireAction(actor: Actor, action: Action, target: Target) {
  if (!can(actor, action, target)) throw forbidden();
}

/* ------------------------------------------------------------------ bodies: read */

function presentSummary(b: BodyRow, t: TerritoryRow): BodySummary {
  return {
    id: b.id,
    kind: b.kind as BodyKind,
    subtype: b.subtype,
    names: namesOf(b),
    territoryCode: b.territoryCode,
    territoryNames: namesOf(t),
    bin: b.bin,
    active: b.active,
    basis: basisOf(b.kind as BodyKind, b.subtype),
  };
}

/**
 * The body list and search: from the in-process read model on the embedded database
 * (search-read-model/), in SQL on a PostgreSQL server. Both answer the same.
 */
/**
 * The body list as the API sends it: on the embedded database the read model's JSON text (each
 * body serialised once, not per request), otherwise the SQL answer for the route to serialise.
 */
export async function listBodiesResponse(database: Database, actor: Actor, q: BodyListQuery) {
  const index = bodyIndexFor(database, basisOf);
  if (index) return (await index).queryJson(actor, q);
  return listBodiesSql(database, actor, q);
}

export async function listBodiesSql(database: Database, actor: Actor, q: BodyListQuery) {
  const conds: SQL[] = [readScopeSql(actor)];
  if (q.kind) conds.push(eq(body.kind, q.kind));
  if (q.subtype) conds.push(eq(body.subtype, q.subtype));
  if (q.includeInactive !== "true") conds.push(eq(body.active, true));
  if (q.territory) {
    const [scope] = await database.db
      .select({ path: territory.path })
      .from(territory)
      .where(eq(territory.code, q.territory));
    if (!scope) return { items: [], total: 0 };
    conds.push(subtreeSql(body.territoryPath, scope.path));
  }
  // One pass per query: the page and, through a window, the total.
  const page = (where: SQL, order: SQL[]) =>
    database.db
      .select({ b: body, total: sql<number>`count(*) over()`.mapWith(Number) })
      .from(body)
      .where(where)
      .orderBy(...order, asc(body.nameKk), asc(body.id))
      .limit(q.limit)
      .offset(q.offset);
  const countOf = async (where: SQL) =>
    Number((await database.db.select({ n: count() }).from(body).where(where))[0]?.n ?? 0);

  let where = and(...conds)!;
  let rows = [] as Awaited<ReturnType<typeof page>>;
  if (q.q) {
    const plan = searchPlan(body.searchText, q.q);
    where = and(...conds, plan.exact)!;
    rows = await page(where, plan.exactOrder);
    if (rows.length === 0 && (q.offset === 0 || (await countOf(where)) === 0)) {
      where = and(...conds, plan.fuzzy)!;
      rows = await page(where, plan.fuzzyOrder);
    }
  } else {
    rows = await page(where, [asc(body.territoryPath), asc(body.kind)]);
  }
  const total = rows[0]?.total ?? (q.offset > 0 ? await countOf(where) : 0);
  const codes = [...new Set(rows.map((r) => r.b.territoryCode))];
  const found = codes.length
    ? await database.db.select().from(territory).where(inArray(territory.code, codes))
    : [];
  const territories = new Map(found.map((t) => [t.code, t]));
  return { items: rows.map((r) => presentSummary(r.b, territories.get(r.b.territoryCode)!)), total };
}

const groupBody = alias(body, "group_body");
const memberBody = alias(body, "member_body");

export async function memberships(db: DbOrTx, where: SQL): Promise<MembershipView[]> {
  const rows = await db
    .select({ m: membership, g: groupBody, mb: memberBody })
    .from(membership)
    .innerJoin(groupBody, eq(groupBody.id, membership.groupId))
    .innerJoin(memberBody, eq(memberBody.id, membership.memberBodyId))
    .where(where)
    .orderBy(
      sql`case ${membership.role} when 'chair' then 0 when 'deputy' then 1 when 'secretary' then 2 else 3 end`,
      asc(memberBody.nameKk),
    );
  return rows.map((r) => ({
    id: r.m.id,
    groupId: r.m.groupId,
    groupNames: namesOf(r.g),
    memberBodyId: r.m.memberBodyId,
    memberNames: namesOf(r.mb),
    role: r.m.role as MembershipView["role"],
    representativeName: r.m.representativeName,
    representativePosition: r.m.representativePosition,
    version: r.m.version,
  }));
}

export async function getBody(db: DbOrTx, actor: Actor, id: string): Promise<BodyDetail> {
  const { b, t } = await readableBody(db, actor, id);
  let parent: BodyDetail["parent"] = null;
  if (b.parentId) {
    const p = await loadBody(db, b.parentId);
    if (p && can(actor, "registry.read", targetOf(p.b, p.t.path))) {
      parent = { id: p.b.id, names: namesOf(p.b), kind: p.b.kind as BodyKind };
    }
  }
  const subs = await db
    .select({ b: body, t: territory })
    .from(body)
    .innerJoin(territory, eq(territory.code, body.territoryCode))
    .where(and(eq(body.parentId, b.id), eq(body.active, true), readScopeSql(actor)))
    .orderBy(asc(body.nameKk))
    .limit(500);
  return {
    ...presentSummary(b, t),
    parent,
    territoryPath: t.path,
    competence: b.competence,
    address: b.address,
    phone: b.phone,
    email: b.email,
    capacity: b.capacity,
    readiness: b.readiness as BodyDetail["readiness"],
    version: b.version,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    members: await memberships(db, eq(membership.groupId, b.id)),
    memberOf: await memberships(db, eq(membership.memberBodyId, b.id)),
    subordinates: subs.map((s) => ({ id: s.b.id, names: namesOf(s.b), kind: s.b.kind as BodyKind })),
    allowedActions: allowedActions(actor, targetOf(b, t.path)),
  };
}

/* ------------------------------------------------------------------ bodies: write */

/** The audited snapshot of a body: its own fields (no derived search text). */
function snapshot(b: BodyRow) {
  const { searchText: _s, createdAt: _c, updatedAt: _u, ...rest } = b;
  return rest;
}

export function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

function checkSubtype(kind: BodyKind, subtype: string | null | undefined) {
  const allowed = subtypesByKind[kind];
  if (allowed === null) {
    if (subtype) throw fieldError("subtype", "invalid_value");
    return;
  }
  if (!subtype || !allowed.includes(subtype)) {
    throw fieldError("subtype", subtype ? "invalid_value" : "required");
  }
}

async function checkParent(db: DbOrTx, actor: Actor, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw fieldError("parentId", "invalid_value");
  const p = await loadBody(db, parentId);
  if (!p || !can(actor, "registry.read", targetOf(p.b, p.t.path))) {
    throw fieldError("parentId", "invalid_value");
  }
}

const searchTextOf = (v: { nameKk: string; nameRu: string; nameEn: string; bin: string | null }) =>
  buildSearchText([v.nameKk, v.nameRu, v.nameEn, v.bin]);

export async function createBody(database: Database, ctx: Ctx, input: CreateBodyBody): Promise<BodyDetail> {
  const actor = ctx.user.actor;
  if (SYSTEM_KINDS.includes(input.kind)) throw new AppError(400, "system_kind");
  checkSubtype(input.kind, input.subtype);
  try {
    return await database.db.transaction(async (tx) => {
      const t = await territoryRow(tx, input.territoryCode);
      requireAction(actor, "registry.create", { kind: input.kind, territoryPath: t.path });
      await checkParent(tx, actor, input.parentId);
      const values = {
        kind: input.kind,
        subtype: input.subtype ?? null,
        nameKk: input.nameKk,
        nameRu: input.nameRu,
        nameEn: input.nameEn ?? "",
        territoryCode: input.territoryCode,
        parentId: input.parentId ?? null,
        bin: input.bin ?? null,
        competence: input.competence ?? "",
        address: input.address ?? "",
        phone: input.phone ?? "",
        email: input.email ?? "",
        capacity: input.capacity ?? null,
        readiness: input.readiness ?? null,
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      };
      const [row] = await tx
        .insert(body)
        .values({ ...values, searchText: searchTextOf(values) })
        .returning();
      await writeAudit(tx, ctx, {
        action: "body.created",
        entityType: "body",
        entityId: row.id,
        territoryPath: t.path,
        after: snapshot(row),
      });
      return getBody(tx, actor, row.id);
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return mapDbError(e);
  }
}

export async function updateBody(
  database: Database,
  ctx: Ctx,
  id: string,
  input: UpdateBodyBody,
): Promise<BodyDetail> {
  const actor = ctx.user.actor;
  try {
    return await database.db.transaction(async (tx) => {
      const { b, t } = await readableBody(tx, actor, id);
      requireAction(actor, "registry.update", targetOf(b, t.path));
      const kind = b.kind as BodyKind;
      if (input.subtype !== undefined) checkSubtype(kind, input.subtype);
      let path = t.path;
      if (input.territoryCode && input.territoryCode !== b.territoryCode) {
        if (SYSTEM_KINDS.includes(kind)) throw new AppError(400, "system_kind");
        const nt = await territoryRow(tx, input.territoryCode);
        requireAction(actor, "registry.update", { kind, bodyId: b.id, territoryPath: nt.path });
        path = nt.path;
      }
      if (input.parentId !== undefined) await checkParent(tx, actor, input.parentId, b.id);
      if (b.version !== input.version) throw versionConflict();
      const { version: _v, ...patch } = input;
      const next = {
        ...b,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      } as BodyRow;
      const [row] = await tx
        .update(body)
        .set({
          ...patch,
          nameEn: patch.nameEn ?? undefined,
          searchText: searchTextOf(next),
          version: sql`${body.version} + 1`,
          updatedAt: new Date(),
          updatedBy: ctx.user.id,
        })
        .where(and(eq(body.id, id), eq(body.version, input.version)))
        .returning();
      if (!row) throw versionConflict();
      const diff = changed(snapshot(b), snapshot(row));
      await writeAudit(tx, ctx, {
        action: "body.updated",
        entityType: "body",
        entityId: id,
        territoryPath: path,
        before: diff.before,
        after: diff.after,
      });
      return getBody(tx, actor, id);
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return mapDbError(e);
  }
}

export async function deactivateBody(database: Database, ctx: Ctx, id: string, version: number) {
  const actor = ctx.user.actor;
  await database.db.transaction(async (tx) => {
    const { b, t } = await readableBody(tx, actor, id);
    if (SYSTEM_KINDS.includes(b.kind as BodyKind)) throw new AppError(400, "system_kind");
    requireAction(actor, "registry.delete", targetOf(b, t.path));
    const [row] = await tx
      .update(body)
      .set({
        active: false,
        version: sql`${body.version} + 1`,
        updatedAt: new Date(),
        updatedBy: ctx.user.id,
      })
      .where(and(eq(body.id, id), eq(body.version, version)))
      .returning({ id: body.id });
    if (!row) throw versionConflict();
    await writeAudit(tx, ctx, {
      action: "body.deactivated",
      entityType: "body",
      entityId: id,
      territoryPath: t.path,
      before: { active: b.active, version: b.version },
      after: { active: false, version: b.version + 1 },
    });
  });
}

/* ------------------------------------------------------------------ memberships */

/** What the audit log keeps of a membership: personal contacts are only marked as set. */
