/**
 * Response forces ready to be called (R22, R23): duty contacts, base point, personnel and means, the
 * commission or HQ each answers to, readiness confirmed with a time and a history, and the beds of the
 * disaster-medicine service's health organisations. The readiness board per territory: available now
 * and stale (not confirmed within the set hours), as a list and as points for the map.
 */
import { desc, eq, inArray, or, sql } from "drizzle-orm";
import { type BodyKind, type ResponseForceType, responseForceBasis } from "../../../domain/bodies";
import {
  type BedProfile,
  bedProfiles,
  type ReadinessState,
  readinessState,
} from "../../../domain/consequences";
import type { BedsBody, ForceDetailsBody, ForceView } from "../../../domain/contracts/consequences";
import { can, canManageForce } from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import { isAncestorOrSelf, isInSubtree } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, notFound } from "../../platform/errors";
import { escapeLike, namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { activeBodiesWithin, type BodyRecord, bodyById, bodyMap } from "../registry";
import { bedCapacity, forceProfile, readinessEntry } from "./consequences.tables";
import { refOf, territoryOrField } from "./shared";

type Ctx = Required<RequestContext>;
type ProfileRow = typeof forceProfile.$inferSelect;
type BedRow = typeof bedCapacity.$inferSelect;

export type ConsequencesConfig = {
  /** A readiness confirmation older than this is "stale" on the board (AppConfig.consequences). */
  readinessStaleHours: number;
  /** Reminders of a plan's review date: this many days before. */
  reviewRemindDays: number;
};
export const defaultConsequencesConfig: ConsequencesConfig = {
  readinessStaleHours: 24,
  reviewRemindDays: 14,
};

const isMedical = (b: BodyRecord) =>
  !!b.subtype && responseForceBasis(b.subtype as ResponseForceType) === "R23";

const targetOf = (b: BodyRecord) => ({ bodyId: b.id, territoryPath: b.territoryPath });

/** The force body, readable by the actor (registry scope), or 404. */
async function readableForce(db: DbOrTx, actor: Actor, id: string) {
  const b = await bodyById(db, id);
  if (b?.kind !== "response_force") throw notFound();
  if (!can(actor, "registry.read", { kind: b.kind, bodyId: b.id, territoryPath: b.territoryPath }))
    throw notFound();
  return b;
}

export async function profilesOf(db: DbOrTx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, ProfileRow>();
  const rows = await db
    .select()
    .from(forceProfile)
    .where(inArray(forceProfile.bodyId, [...ids]));
  return new Map(rows.map((r) => [r.bodyId, r]));
}

/** A force's readiness as the plan check and the board see it: confirmed here, else the registry's level unconfirmed. */
export function readinessOf(b: BodyRecord, p: ProfileRow | undefined) {
  return {
    readiness: p?.readiness ?? b.readiness ?? null,
    confirmedAt: p?.readinessConfirmedAt?.getTime() ?? null,
  };
}

function present(
  actor: Actor,
  b: BodyRecord,
  p: ProfileRow | undefined,
  beds: readonly BedRow[],
  answersTo: Map<string, BodyRecord>,
  cfg: ConsequencesConfig,
  now: number,
): ForceView {
  const manage = canManageForce(actor, targetOf(b));
  const r = readinessOf(b, p);
  return {
    id: b.id,
    names: namesOf(b),
    subtype: b.subtype,
    basis: b.subtype ? responseForceBasis(b.subtype as ResponseForceType) : "R22",
    active: b.active,
    territory: { code: b.territoryCode, path: b.territoryPath },
    phone: b.phone,
    dutyContacts: p?.dutyContacts ?? [],
    lat: p?.lat ?? null,
    lon: p?.lon ?? null,
    personnel: p?.personnel ?? null,
    capacity: b.capacity,
    means: (p?.means ?? []) as ForceView["means"],
    readiness: r.readiness as ForceView["readiness"],
    readinessConfirmedAt: p?.readinessConfirmedAt?.toISOString() ?? null,
    readinessState: readinessState(r, now, cfg.readinessStaleHours),
    answersTo: p?.answersToBodyId ? refOf(answersTo.get(p.answersToBodyId), p.answersToBodyId) : null,
    beds: beds.map((x) => ({
      profile: x.profile as BedProfile,
      total: x.total,
      free: x.free,
      updatedAt: x.updatedAt.toISOString(),
    })),
    allowedActions: manage
      ? ([
          "edit",
          "confirm_readiness",
          ...(isMedical(b) ? (["update_beds"] as const) : []),
        ] as ForceView["allowedActions"])
      : [],
  };
}

async function presentMany(db: DbOrTx, actor: Actor, bodies: readonly BodyRecord[], cfg: ConsequencesConfig) {
  const ids = bodies.map((b) => b.id);
  const profiles = await profilesOf(db, ids);
  const beds = ids.length ? await db.select().from(bedCapacity).where(inArray(bedCapacity.bodyId, ids)) : [];
  const answers = await bodyMap(
    db,
    [...profiles.values()].map((p) => p.answersToBodyId).filter((x): x is string => !!x),
  );
  const now = Date.now();
  return bodies.map((b) =>
    present(
      actor,
      b,
      profiles.get(b.id),
      beds.filter((x) => x.bodyId === b.id),
      answers,
      cfg,
      now,
    ),
  );
}

/** The readiness board of a territory (and all under it): forces the reader may see, with counts. */
export async function forceBoard(db: DbOrTx, actor: Actor, code: string, cfg: ConsequencesConfig) {
  const t = await territoryOrField(db, code);
  const covered = actor.grants.some(
    (g) => isInSubtree(t.path, g.territoryPath) || isAncestorOrSelf(t.path, g.territoryPath),
  );
  if (!covered) throw notFound();
  const bodies = (await activeBodiesWithin(db, [t.path], ["response_force"])).filter((b) =>
    can(actor, "registry.read", { kind: b.kind as BodyKind, bodyId: b.id, territoryPath: b.territoryPath }),
  );
  const items = await presentMany(db, actor, bodies, cfg);
  const counts = { ready: 0, limited: 0, unavailable: 0, stale: 0, unknown: 0 } as Record<
    ReadinessState,
    number
  >;
  for (const i of items) counts[i.readinessState]++;
  const freeBeds = Object.fromEntries(bedProfiles.map((p) => [p, 0])) as Record<BedProfile, number>;
  for (const i of items) for (const b of i.beds) freeBeds[b.profile] += b.free;
  return {
    territory: { code: t.code, path: t.path, names: namesOf(t) },
    staleHours: cfg.readinessStaleHours,
    counts,
    freeBeds,
    items,
  };
}

export async function getForce(db: DbOrTx, actor: Actor, id: string, cfg: ConsequencesConfig) {
  const b = await readableForce(db, actor, id);
  return (await presentMany(db, actor, [b], cfg))[0];
}

async function manageable(tx: DbOrTx, actor: Actor, id: string) {
  const b = await readableForce(tx, actor, id);
  if (!canManageForce(actor, targetOf(b))) throw forbidden();
  return b;
}

export async function updateForceDetails(
  database: Database,
  ctx: Ctx,
  id: string,
  input: ForceDetailsBody,
  cfg: ConsequencesConfig,
) {
  if ((input.lat === null) !== (input.lon === null))
    throw fieldError(input.lat === null ? "lat" : "lon", "required");
  await database.db.transaction(async (tx) => {
    const b = await manageable(tx, ctx.user.actor, id);
    if (input.answersToBodyId) {
      const a = await bodyById(tx, input.answersToBodyId);
      if (!a || (a.kind !== "commission" && a.kind !== "hq" && a.kind !== "atc"))
        throw fieldError("answersToBodyId", "unknown_body");
    }
    const [before] = await tx.select().from(forceProfile).where(eq(forceProfile.bodyId, id));
    const values = {
      dutyContacts: input.dutyContacts,
      lat: input.lat,
      lon: input.lon,
      personnel: input.personnel,
      means: input.means,
      answersToBodyId: input.answersToBodyId,
      updatedAt: new Date(),
    };
    await tx
      .insert(forceProfile)
      .values({ bodyId: id, ...values })
      .onConflictDoUpdate({ target: forceProfile.bodyId, set: values });
    await writeAudit(tx, ctx, {
      action: "consequences.force_updated",
      entityType: "body",
      entityId: id,
      territoryPath: b.territoryPath,
      // Duty contacts are names and phones of officers on duty: their count only.
      before: before
        ? { personnel: before.personnel, means: before.means, contacts: before.dutyContacts.length }
        : undefined,
      after: { personnel: input.personnel, means: input.means, contacts: input.dutyContacts.length },
    });
  });
  return getForce(database.db, ctx.user.actor, id, cfg);
}

/** Confirms (or changes) readiness now: the confirmation time restarts the staleness clock. */
export async function confirmReadiness(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { readiness: "ready" | "limited" | "unavailable"; note: string },
  cfg: ConsequencesConfig,
) {
  await database.db.transaction(async (tx) => {
    const b = await manageable(tx, ctx.user.actor, id);
    const now = new Date();
    await tx
      .insert(forceProfile)
      .values({
        bodyId: id,
        dutyContacts: [],
        means: [],
        readiness: input.readiness,
        readinessConfirmedAt: now,
      })
      .onConflictDoUpdate({
        target: forceProfile.bodyId,
        set: { readiness: input.readiness, readinessConfirmedAt: now, updatedAt: now },
      });
    await tx.insert(readinessEntry).values({
      bodyId: id,
      readiness: input.readiness,
      note: input.note,
      at: now,
      byUser: ctx.user.id,
      byName: ctx.user.displayName,
    });
    await writeAudit(tx, ctx, {
      action: "consequences.readiness_confirmed",
      entityType: "body",
      entityId: id,
      territoryPath: b.territoryPath,
      after: { readiness: input.readiness },
    });
  });
  return getForce(database.db, ctx.user.actor, id, cfg);
}

export async function readinessHistoryOf(db: DbOrTx, actor: Actor, id: string) {
  await readableForce(db, actor, id);
  const rows = await db
    .select()
    .from(readinessEntry)
    .where(eq(readinessEntry.bodyId, id))
    .orderBy(desc(readinessEntry.id))
    .limit(200);
  const people = await peopleByIds(
    db,
    rows.map((r) => r.byUser),
  );
  return {
    items: rows.map((r) => ({
      readiness: r.readiness as "ready" | "limited" | "unavailable",
      note: r.note,
      at: r.at.toISOString(),
      byName: r.byName,
      by: (r.byUser && people.get(r.byUser)) || null,
    })),
  };
}

/** Beds by profile of a health organisation (R23), free now; each given profile replaced. */
export async function updateBeds(
  database: Database,
  ctx: Ctx,
  id: string,
  input: BedsBody,
  cfg: ConsequencesConfig,
) {
  const seen = new Set<string>();
  input.beds.forEach((x, i) => {
    if (seen.has(x.profile)) throw fieldError(`beds.${i}.profile`, "invalid_value");
    seen.add(x.profile);
    if (x.free > x.total) throw fieldError(`beds.${i}.free`, "too_big_number", { max: x.total });
  });
  await database.db.transaction(async (tx) => {
    const b = await manageable(tx, ctx.user.actor, id);
    if (!isMedical(b)) throw fieldError("beds", "invalid_value");
    const now = new Date();
    for (const x of input.beds)
      await tx
        .insert(bedCapacity)
        .values({
          bodyId: id,
          territoryPath: b.territoryPath,
          profile: x.profile,
          total: x.total,
          free: x.free,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [bedCapacity.bodyId, bedCapacity.profile],
          set: { total: x.total, free: x.free, updatedAt: now, territoryPath: b.territoryPath },
        });
    await writeAudit(tx, ctx, {
      action: "consequences.beds_updated",
      entityType: "body",
      entityId: id,
      territoryPath: b.territoryPath,
      after: { beds: input.beds },
    });
  });
  return getForce(database.db, ctx.user.actor, id, cfg);
}

/** Free beds now within a subtree (all profiles): the plan check's supply. */
export async function freeBedsWithin(db: DbOrTx, path: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${bedCapacity.free}), 0)::int` })
    .from(bedCapacity)
    .where(
      or(
        eq(bedCapacity.territoryPath, path),
        sql`${bedCapacity.territoryPath} like ${`${escapeLike(path)}/%`}`,
      ),
    );
  return Number(r?.n ?? 0);
}
