/**
 * The registry of vulnerable objects (R10.5; Law art. 10-1–10-3): register and edit an object, list and
 * search them within the reader's scope, one object's card. Owners keep their own objects; the
 * commission's secretariat and the ATC those of their territory; every change is audited.
 */
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type {
  ObjectBody,
  ObjectDetail,
  ObjectListQuery,
  ObjectSummary,
  UpdateObjectBody,
} from "../../../domain/contracts/vulnerable-objects";
import { almatyDate } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { buildSearchText } from "../../../domain/search";
import {
  canEditObject,
  canManageObjectsIn,
  categoryOf,
  type EquipmentKind,
  equipmentKinds,
  OBJECTS_BASIS,
  objectAllowedActions,
  PASSPORT_DUE_DAYS,
  type PassportState,
  passportState,
} from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, versionConflict } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import {
  activeBodiesAt,
  ancestorPaths,
  type BodyRecord,
  bodiesByBins,
  bodyById,
  bodyMap,
  ensureOrganisation,
  territoryByCode,
} from "../registry";
import { touchObjects } from "./cache-until-objects-change";
import { bodyNames, territoryRecords } from "./names-while-listening";
import type { VulnerableObjectsConfig } from "./objects.config";
import { type ObjectRow, objectScopeSql, readableObject, subtreeOf, targetOf } from "./objects.scope";
import { syncPassportCopy } from "./passport-copy";
import {
  objectListChange,
  objectListVersion,
  objectPassport,
  vulnerableObject,
} from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;

/** Kinds of bodies that may own an object (organisations, and public owners such as akimats). */
const OWNER_KINDS = ["organisation", "state_body", "akimat", "self_government"];

export const searchTextOf = (o: { nameKk: string; nameRu: string; address: string }, bin: string | null) =>
  buildSearchText([o.nameKk, o.nameRu, o.address, bin]);

/* --------------------------------------------------------------------------------- look-ups */

export async function territoryOf(db: DbOrTx, code: string, field = "territoryCode") {
  const t = await territoryByCode(db, code);
  if (!t) throw fieldError(field, "invalid_kato");
  return t;
}

/** The commission nearest above (or at) a territory — the ATC at the root: it owns orders and lists. */
export async function commissionFor(db: DbOrTx, path: string): Promise<BodyRecord | null> {
  for (const p of ancestorPaths(path).reverse()) {
    const [b] = await activeBodiesAt(db, p, p.includes("/") ? ["commission"] : ["atc"]);
    if (b) return b;
  }
  return null;
}

/** The police unit of the object's region: the interior ministry's subdivision seated nearest above it. */
export async function defaultPoliceFor(
  db: DbOrTx,
  path: string,
  cfg: VulnerableObjectsConfig,
): Promise<string | null> {
  for (const p of ancestorPaths(path).reverse()) {
    if (!p.includes("/")) break;
    const units = await activeBodiesAt(db, p, ["state_body"]);
    if (!units.length) continue;
    const parents = await bodyMap(
      db,
      units.flatMap((u) => (u.parentId ? [u.parentId] : [])),
    );
    const police = units.find(
      (u) => u.parentId && parents.get(u.parentId)?.nameRu === cfg.policeMinistryNameRu,
    );
    if (police) return police.id;
  }
  return null;
}

function checkCategory(cfg: VulnerableObjectsConfig, key: string) {
  if (!categoryOf(cfg.catalogue, key))
    throw fieldError("category", "not_in_catalogue", { value: key.slice(0, 60) });
}

async function checkPolice(db: DbOrTx, id: string | null | undefined) {
  if (!id) return;
  const b = await bodyById(db, id);
  if (b?.kind !== "state_body" || !b.active) throw fieldError("policeBodyId", "unknown_body", { value: id });
}

/**
 * The owner: a body the actor acts for or may register objects for; a new BIN becomes an organisation
 * (only for those who keep the territory's registry).
 */
export async function resolveOwner(
  tx: DbOrTx,
  ctx: Ctx,
  owner: ObjectBody["owner"],
  t: { code: string; path: string },
  field = "owner",
): Promise<BodyRecord> {
  const actor = ctx.user.actor;
  if ("bodyId" in owner) {
    const b = await bodyById(tx, owner.bodyId);
    if (!b?.active || !OWNER_KINDS.includes(b.kind))
      throw fieldError(`${field}.bodyId`, "unknown_body", { value: owner.bodyId });
    return b;
  }
  const { body: b } = await ensureOrganisationFor(tx, ctx, owner, t, field);
  if (!canManageObjectsIn(actor, t.path) && !actor.grants.some((g) => g.bodyId === b.id)) throw forbidden();
  return b;
}

async function ensureOrganisationFor(
  tx: DbOrTx,
  ctx: Ctx,
  owner: { bin: string; nameKk: string; nameRu: string },
  t: { code: string; path: string },
  field: string,
) {
  const [known] = await bodiesByBins(tx, [owner.bin]);
  if (known) {
    if (!OWNER_KINDS.includes(known.kind) || !known.active)
      throw fieldError(`${field}.bin`, "not_an_owner", { value: owner.bin });
    return { body: known, created: false };
  }
  if (!canManageObjectsIn(ctx.user.actor, t.path)) throw forbidden();
  return ensureOrganisation(tx, ctx, { ...owner, territoryCode: t.code });
}

/* --------------------------------------------------------------------------------- changes */

/** Register one object inside the caller's transaction (the import adds many in one). */
export async function insertObject(
  tx: DbOrTx,
  ctx: Ctx,
  input: ObjectBody,
  cfg: VulnerableObjectsConfig,
): Promise<ObjectRow> {
  checkCategory(cfg, input.category);
  const t = await territoryOf(tx, input.territoryCode);
  const owner = await resolveOwner(tx, ctx, input.owner, t);
  await checkPolice(tx, input.policeBodyId);
  const policeBodyId = input.policeBodyId ?? (await defaultPoliceFor(tx, t.path, cfg));
  const target = { territoryPath: t.path, ownerBodyId: owner.id, policeBodyId };
  if (!canEditObject(ctx.user.actor, target)) throw forbidden();
  const [row] = await tx
    .insert(vulnerableObject)
    .values({
      nameKk: input.nameKk,
      nameRu: input.nameRu,
      ownerBodyId: owner.id,
      territoryCode: t.code,
      territoryPath: t.path,
      address: input.address,
      lat: input.lat,
      lon: input.lon,
      category: input.category,
      sector: input.sector,
      attendance: input.attendance,
      staff: input.staff,
      responsibleName: input.responsibleName,
      responsiblePhone: input.responsiblePhone,
      responsibleEmail: input.responsibleEmail,
      policeBodyId,
      searchText: searchTextOf(input, owner.bin),
      createdBy: ctx.user.id,
    })
    .returning();
  await touchObjects(tx);
  await writeAudit(tx, ctx, {
    action: "object.created",
    entityType: "vulnerable_object",
    entityId: row.id,
    territoryPath: t.path,
    after: { nameKk: row.nameKk, nameRu: row.nameRu, ownerBodyId: row.ownerBodyId, category: row.category },
  });
  return row;
}

export async function createObject(
  database: Database,
  ctx: Ctx,
  input: ObjectBody,
  cfg: VulnerableObjectsConfig,
): Promise<ObjectDetail> {
  return database.db.transaction(async (tx) => {
    const row = await insertObject(tx, ctx, input, cfg);
    await syncPassportCopy(tx, row.id, cfg);
    return objectDetail(tx, ctx.user.actor, await readableObject(tx, ctx.user.actor, row.id), cfg);
  });
}

export async function updateObject(
  database: Database,
  ctx: Ctx,
  id: string,
  input: UpdateObjectBody,
  cfg: VulnerableObjectsConfig,
): Promise<ObjectDetail> {
  return database.db.transaction(async (tx) => {
    const o = await readableObject(tx, ctx.user.actor, id, true);
    if (!canEditObject(ctx.user.actor, targetOf(o))) throw forbidden();
    if (o.version !== input.version) throw versionConflict();
    if (input.category !== undefined) checkCategory(cfg, input.category);
    let territory = { code: o.territoryCode, path: o.territoryPath };
    if (input.territoryCode && input.territoryCode !== o.territoryCode) {
      const t = await territoryOf(tx, input.territoryCode);
      territory = { code: t.code, path: t.path };
    }
    await checkPolice(tx, input.policeBodyId);
    const next = {
      ...targetOf(o),
      territoryPath: territory.path,
      policeBodyId: input.policeBodyId ?? o.policeBodyId,
    };
    // A move must stay where the actor may keep the object.
    if (!canEditObject(ctx.user.actor, next)) throw forbidden();
    const { version: _v, territoryCode: _t, policeBodyId: _p, ...rest } = input;
    const merged = { ...o, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    const owner = await bodyById(tx, o.ownerBodyId);
    const [row] = await tx
      .update(vulnerableObject)
      .set({
        nameKk: merged.nameKk,
        nameRu: merged.nameRu,
        address: merged.address,
        lat: merged.lat,
        lon: merged.lon,
        category: merged.category,
        sector: merged.sector,
        attendance: merged.attendance,
        staff: merged.staff,
        responsibleName: merged.responsibleName,
        responsiblePhone: merged.responsiblePhone,
        responsibleEmail: merged.responsibleEmail,
        territoryCode: territory.code,
        territoryPath: territory.path,
        policeBodyId: next.policeBodyId,
        searchText: searchTextOf(merged, owner?.bin ?? null),
        version: sql`${vulnerableObject.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(vulnerableObject.id, id), eq(vulnerableObject.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await touchObjects(tx);
    // A change of category makes the passport due again and changes what equipment is required.
    if (row.category !== o.category) await syncPassportCopy(tx, id, cfg);
    await writeAudit(tx, ctx, {
      action: "object.updated",
      entityType: "vulnerable_object",
      entityId: id,
      territoryPath: row.territoryPath,
      before: { category: o.category, territoryCode: o.territoryCode, nameKk: o.nameKk, nameRu: o.nameRu },
      after: {
        category: row.category,
        territoryCode: row.territoryCode,
        nameKk: row.nameKk,
        nameRu: row.nameRu,
      },
    });
    return objectDetail(tx, ctx.user.actor, await readableObject(tx, ctx.user.actor, id), cfg);
  });
}

/* --------------------------------------------------------------------------------- reads */

/** The passport state as SQL, on the copy kept on the object's row (see `passportState`). */
export function passportStateSql(today: string): SQL<PassportState> {
  const o = vulnerableObject;
  return sql<PassportState>`case
    when ${o.passportStatus} is null then 'none'
    when ${o.passportStatus} <> 'agreed' then ${o.passportStatus}
    when ${o.passportCategory} is distinct from ${o.category} or ${o.passportValidUntil} is null
      or ${o.passportValidUntil} < ${today}::date then 'expired'
    when ${o.passportValidUntil} < ${today}::date + ${PASSPORT_DUE_DAYS}::int then 'due'
    else 'valid' end`;
}

/** What a list row reads of an object (no contacts, no passport contents). */
export const summaryColumns = {
  id: vulnerableObject.id,
  nameKk: vulnerableObject.nameKk,
  nameRu: vulnerableObject.nameRu,
  ownerBodyId: vulnerableObject.ownerBodyId,
  territoryCode: vulnerableObject.territoryCode,
  address: vulnerableObject.address,
  category: vulnerableObject.category,
  lat: vulnerableObject.lat,
  lon: vulnerableObject.lon,
  listed: vulnerableObject.listed,
  passportStatus: vulnerableObject.passportStatus,
  passportValidUntil: vulnerableObject.passportValidUntil,
  passportCategory: vulnerableObject.passportCategory,
  gaps: vulnerableObject.gaps,
};
export type SummaryRow = Pick<ObjectRow, keyof typeof summaryColumns>;

export const stateOf = (o: SummaryRow, today = almatyDate(new Date())): PassportState =>
  passportState(
    o.passportStatus
      ? { status: o.passportStatus as never, validUntil: o.passportValidUntil, category: o.passportCategory }
      : null,
    o.category,
    today,
  );

export async function presentSummaries(db: DbOrTx, rows: SummaryRow[]): Promise<ObjectSummary[]> {
  // Names through the registry's face, held while this instance hears of changes (names-while-listening.ts).
  const owners = await bodyNames(
    db,
    rows.map((r) => r.ownerBodyId),
  );
  const territories = await territoryRecords(
    db,
    rows.map((r) => r.territoryCode),
  );
  const today = almatyDate(new Date());
  const none: Names = { kk: "", ru: "", en: "" };
  return rows.map((o) => {
    const owner = owners.get(o.ownerBodyId);
    const t = territories.get(o.territoryCode);
    return {
      id: o.id,
      nameKk: o.nameKk,
      nameRu: o.nameRu,
      owner: { id: o.ownerBodyId, names: owner ?? none },
      territory: { code: o.territoryCode, names: t ? namesOf(t) : none },
      address: o.address,
      category: o.category,
      lat: o.lat,
      lon: o.lon,
      listed: o.listed,
      passportState: stateOf(o, today),
      gaps: o.gaps as EquipmentKind[],
    };
  });
}

export async function objectDetail(
  db: DbOrTx,
  actor: Actor,
  o: ObjectRow,
  cfg: VulnerableObjectsConfig,
): Promise<ObjectDetail> {
  const [summary] = await presentSummaries(db, [o]);
  const police = o.policeBodyId ? await bodyById(db, o.policeBodyId) : undefined;
  const [p] = await db
    .select({
      id: objectPassport.id,
      number: objectPassport.number,
      status: objectPassport.status,
      validUntil: objectPassport.validUntil,
      submittedAt: objectPassport.submittedAt,
      decidedAt: objectPassport.decidedAt,
      remarks: objectPassport.remarks,
    })
    .from(objectPassport)
    .where(eq(objectPassport.objectId, o.id))
    .orderBy(sql`${objectPassport.number} desc`)
    .limit(1);
  const history = await db
    .select({ c: objectListChange, v: objectListVersion })
    .from(objectListChange)
    .innerJoin(objectListVersion, eq(objectListVersion.id, objectListChange.versionId))
    .where(eq(objectListChange.objectId, o.id))
    .orderBy(asc(objectListVersion.approvedAt));
  return {
    ...summary,
    sector: o.sector,
    attendance: o.attendance,
    staff: o.staff,
    responsibleName: o.responsibleName,
    responsiblePhone: o.responsiblePhone,
    responsibleEmail: o.responsibleEmail,
    police: police ? { id: police.id, names: namesOf(police) } : null,
    passport: p
      ? {
          id: p.id,
          number: p.number,
          status: p.status as never,
          validUntil: p.validUntil,
          submittedAt: p.submittedAt?.toISOString() ?? null,
          decidedAt: p.decidedAt?.toISOString() ?? null,
          remarks: p.remarks,
        }
      : null,
    required: [...(categoryOf(cfg.catalogue, o.category)?.required ?? [])],
    listHistory: history.map(({ c, v }) => ({
      versionId: v.id,
      versionNumber: v.number,
      change: c.change as "added" | "removed",
      grounds: c.grounds,
      decisionNumber: v.decisionNumber,
      approvedAt: v.approvedAt.toISOString(),
    })),
    version: o.version,
    allowedActions: objectAllowedActions(actor, targetOf(o)),
    basis: OBJECTS_BASIS,
  };
}

export async function getObject(db: DbOrTx, actor: Actor, id: string, cfg: VulnerableObjectsConfig) {
  return objectDetail(db, actor, await readableObject(db, actor, id), cfg);
}

/** The filters of a list as SQL (also used by the export). */
export async function listConditions(db: DbOrTx, actor: Actor, q: Omit<ObjectListQuery, "limit" | "after">) {
  const conds: SQL[] = [objectScopeSql(actor)];
  if (q.territory) {
    const t = (await territoryRecords(db, [q.territory])).get(q.territory);
    if (!t) return null;
    conds.push(subtreeOf(vulnerableObject.territoryPath, t.path));
  }
  if (q.category) conds.push(eq(vulnerableObject.category, q.category));
  if (q.passport) conds.push(sql`${passportStateSql(almatyDate(new Date()))} = ${q.passport}`);
  if (q.listed) conds.push(eq(vulnerableObject.listed, q.listed === "true"));
  return conds;
}

/** Objects by id the actor may see (for other services of the module). */
export async function visibleObjects(db: DbOrTx, actor: Actor, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .select()
    .from(vulnerableObject)
    .where(and(inArray(vulnerableObject.id, [...new Set(ids)]), objectScopeSql(actor)));
}

export function catalogue(cfg: VulnerableObjectsConfig) {
  return {
    categories: cfg.catalogue.categories.map((c) => ({ ...c, required: [...c.required] })),
    equipment: [...equipmentKinds],
    basis: OBJECTS_BASIS,
  };
}
