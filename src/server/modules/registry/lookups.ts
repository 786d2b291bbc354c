/**
 * Look-ups other modules make in the registry (R3–R5, R13, R18, R22–R23): bodies and territories by
 * key, a commission's members, the bodies of a territory. Reads only; the registry's own services
 * write. Every list keeps the order a person would expect (names in Kazakh, KATO codes).
 */
import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { escapeLike } from "../../platform/sql";
import { body, membership, territory } from "./registry.tables";

/** A body as stored (every kind of the Rules: ATC, commissions, HQs, state bodies, …, forces). */
export type BodyRecord = typeof body.$inferSelect;
/** A unit of the territory tree (KATO), the root "KZ" or the maritime zone. */
export type TerritoryRecord = typeof territory.$inferSelect;

/** Foreign-key targets for other modules' tables (`.references(registryKeys.body)`): a key, not access. */
export const registryKeys = {
  body: () => body.id,
  territory: () => territory.code,
} as const;

const CHUNK = 5000;

async function inChunks<T, K>(keys: readonly K[], read: (part: K[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** The bodies with these ids (any order; unknown ids are left out). */
export function bodiesByIds(db: DbOrTx, ids: readonly string[]): Promise<BodyRecord[]> {
  return inChunks(ids, (part) => db.select().from(body).where(inArray(body.id, part)));
}

/** The bodies with these ids, by id. */
export async function bodyMap(db: DbOrTx, ids: readonly string[]): Promise<Map<string, BodyRecord>> {
  return new Map((await bodiesByIds(db, ids)).map((b) => [b.id, b]));
}

export async function bodyById(db: DbOrTx, id: string): Promise<BodyRecord | undefined> {
  const [b] = await db.select().from(body).where(eq(body.id, id));
  return b;
}

/** Active bodies whose name in any language is one of `names` (exact text). */
export function activeBodiesNamed(db: DbOrTx, names: readonly string[]): Promise<BodyRecord[]> {
  return inChunks(names, (part) =>
    db
      .select()
      .from(body)
      .where(
        and(
          eq(body.active, true),
          or(inArray(body.nameKk, part), inArray(body.nameRu, part), inArray(body.nameEn, part)),
        ),
      ),
  );
}

/** Active bodies of these kinds seated exactly at a territory (by its path), e.g. its commission. */
export function activeBodiesAt(db: DbOrTx, territoryPath: string, kinds: readonly string[]) {
  return db
    .select()
    .from(body)
    .where(and(eq(body.territoryPath, territoryPath), inArray(body.kind, [...kinds]), eq(body.active, true)));
}

/** Active bodies of these kinds seated anywhere in these subtrees (a territory and all under it). */
export function activeBodiesWithin(
  db: DbOrTx,
  paths: readonly string[],
  kinds: readonly string[],
): Promise<BodyRecord[]> {
  if (!paths.length || !kinds.length) return Promise.resolve([]);
  const within = paths.map(
    (p) => sql`(${body.territoryPath} = ${p} or ${body.territoryPath} like ${`${escapeLike(p)}/%`})`,
  );
  return db
    .select()
    .from(body)
    .where(and(eq(body.active, true), inArray(body.kind, [...kinds]), or(...within)))
    .orderBy(asc(body.territoryPath), asc(body.nameKk));
}

/** The member bodies of a commission or HQ (R5, R18) with their role in it, by name. */
export async function membersOf(db: DbOrTx, groupId: string): Promise<{ body: BodyRecord; role: string }[]> {
  return db
    .select({ body, role: membership.role })
    .from(membership)
    .innerJoin(body, eq(body.id, membership.memberBodyId))
    .where(eq(membership.groupId, groupId))
    .orderBy(asc(body.nameKk));
}

/** The ids of a commission's or HQ's member bodies (R5, R18). */
export async function memberBodyIds(db: DbOrTx, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ id: membership.memberBodyId })
    .from(membership)
    .where(eq(membership.groupId, groupId));
  return rows.map((r) => r.id);
}

/** The territories with these codes (any order; unknown codes are left out). */
export function territoriesByCodes(db: DbOrTx, codes: readonly string[]): Promise<TerritoryRecord[]> {
  return inChunks(codes, (part) => db.select().from(territory).where(inArray(territory.code, part)));
}

export async function territoryByCode(db: DbOrTx, code: string): Promise<TerritoryRecord | undefined> {
  const [t] = await db.select().from(territory).where(eq(territory.code, code));
  return t;
}

/** The direct children of a territory of these types, by KATO code. */
export function childTerritories(
  db: DbOrTx,
  code: string,
  types: readonly string[],
): Promise<TerritoryRecord[]> {
  return db
    .select()
    .from(territory)
    .where(and(eq(territory.parentCode, code), inArray(territory.type, [...types])))
    .orderBy(asc(territory.code));
}

/** How many territories are loaded (0 before the first seed). */
export async function countTerritories(db: DbOrTx): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(territory);
  return Number(n);
}

/** An operational HQ as routing needs it (R18). */
export type HqRecord = Pick<
  BodyRecord,
  "id" | "territoryCode" | "territoryPath" | "subtype" | "active" | "nameKk" | "nameRu" | "nameEn"
>;

/**
 * The active operational HQs seated at these territories, and the republican HQ (R18: it leads them
 * all and takes what no territorial HQ covers), whether active or not.
 */
export function hqsAt(db: DbOrTx, territoryCodes: readonly string[]): Promise<HqRecord[]> {
  return db
    .select({
      id: body.id,
      territoryCode: body.territoryCode,
      territoryPath: body.territoryPath,
      subtype: body.subtype,
      active: body.active,
      nameKk: body.nameKk,
      nameRu: body.nameRu,
      nameEn: body.nameEn,
    })
    .from(body)
    .where(
      and(
        eq(body.kind, "hq"),
        territoryCodes.length
          ? or(
              and(inArray(body.territoryCode, [...territoryCodes]), eq(body.active, true)),
              eq(body.subtype, "republican"),
            )
          : eq(body.subtype, "republican"),
      ),
    );
}
