/**
 * The bodies the Rules create from the territory tree, for production and demo alike (R3, R5, R18):
 * the ATC; for every region, city of republican significance, district and city of regional
 * significance an akimat, its anti-terrorism commission and an operational HQ; the marine HQ and
 * the republican HQ, with HQ subordination district → region → republican, marine → republican.
 * Idempotent: running it again adds only what is missing.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { HqLevel } from "../../../domain/bodies";
import { superiorHqLevel } from "../../../domain/bodies";
import type { Names } from "../../../domain/contracts/common";
import {
  ATC_NAMES,
  akimatNames,
  commissionNames,
  hqNames,
  MARINE_HQ_NAMES,
  REPUBLICAN_HQ_NAMES,
  SUPERSEDED_SYSTEM_NAMES,
} from "../../../domain/naming";
import { buildSearchText } from "../../../domain/search";
import {
  COORDINATED_TYPES,
  MARITIME_TERRITORY,
  ROOT_TERRITORY,
  type TerritoryType,
} from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { body, territory } from "./registry.tables";

type NewBody = typeof body.$inferInsert;

/**
 * The ATC's competence (R3a) as the seed writes it: a one-language field, so in Kazakh and Russian, the
 * languages the bodies work in (an English text was seeded before; that exact text is replaced).
 */
const ATC_COMPETENCE =
  "R3: терроризмге қарсы іс-қимыл саласындағы қызметті республикалық деңгейде үйлестіру / " +
  "координация деятельности в сфере противодействия терроризму на республиканском уровне";
const SUPERSEDED_ATC_COMPETENCE = "R3: national coordinator of counter-terrorism activity";

const row = (
  kind: string,
  subtype: string | null,
  names: Names,
  territoryCode: string,
  extra: Partial<NewBody> = {},
): NewBody => ({
  kind,
  subtype,
  nameKk: names.kk,
  nameRu: names.ru,
  nameEn: names.en,
  territoryCode,
  searchText: buildSearchText([names.kk, names.ru, names.en]),
  ...extra,
});

export type SystemBodiesResult = { created: number; total: number };

export async function ensureSystemBodies(db: DbOrTx): Promise<SystemBodiesResult> {
  const territories = await db
    .select()
    .from(territory)
    .where(inArray(territory.type, [...COORDINATED_TYPES]));
  const existing = await db
    .select({
      id: body.id,
      kind: body.kind,
      territoryCode: body.territoryCode,
      parentId: body.parentId,
      subtype: body.subtype,
    })
    .from(body)
    .where(inArray(body.kind, ["atc", "hq", "commission", "akimat"]));
  const key = (kind: string, code: string) => `${kind}:${code}`;
  const have = new Map(existing.map((b) => [key(b.kind, b.territoryCode), b]));

  const wanted: NewBody[] = [];
  const want = (b: NewBody) => {
    if (!have.has(key(b.kind, b.territoryCode))) wanted.push(b);
  };
  want(
    row("atc", null, ATC_NAMES, ROOT_TERRITORY, {
      competence: ATC_COMPETENCE,
    }),
  );
  want(row("hq", "republican", REPUBLICAN_HQ_NAMES, ROOT_TERRITORY));
  want(row("hq", "marine", MARINE_HQ_NAMES, MARITIME_TERRITORY));
  for (const t of territories) {
    const tt = { nameKk: t.nameKk, nameRu: t.nameRu, nameEn: t.nameEn, type: t.type as TerritoryType };
    const level: HqLevel = t.level === 1 ? "region" : "district";
    want(row("akimat", null, akimatNames(tt), t.code));
    want(row("commission", null, commissionNames(tt), t.code));
    want(row("hq", level, hqNames(tt), t.code));
  }
  for (let i = 0; i < wanted.length; i += 500) {
    const inserted = await db
      .insert(body)
      .values(wanted.slice(i, i + 500))
      .returning({
        id: body.id,
        kind: body.kind,
        territoryCode: body.territoryCode,
        parentId: body.parentId,
        subtype: body.subtype,
      });
    for (const b of inserted) have.set(key(b.kind, b.territoryCode), b);
  }

  // The singleton bodies still named in words the Rules do not use get the Rules' names (a name a
  // person has changed is left alone: only the exact superseded pair is matched).
  for (const old of SUPERSEDED_SYSTEM_NAMES) {
    await db
      .update(body)
      .set({
        nameKk: old.names.kk,
        nameRu: old.names.ru,
        nameEn: old.names.en,
        searchText: buildSearchText([old.names.kk, old.names.ru, old.names.en]),
      })
      .where(
        and(
          eq(body.kind, old.kind),
          old.subtype ? eq(body.subtype, old.subtype) : isNull(body.subtype),
          eq(body.nameKk, old.kk),
          eq(body.nameRu, old.ru),
        ),
      );
  }

  await db
    .update(body)
    .set({ competence: ATC_COMPETENCE })
    .where(and(eq(body.kind, "atc"), eq(body.competence, SUPERSEDED_ATC_COMPETENCE)));

  // Links: commission → its akimat; HQ → the superior HQ (R18).
  const parentOfTerritory = new Map(territories.map((t) => [t.code, t.parentCode ?? ROOT_TERRITORY]));
  const links: { id: string; parentId: string }[] = [];
  for (const b of have.values()) {
    if (b.parentId) continue;
    if (b.kind === "commission") {
      const a = have.get(key("akimat", b.territoryCode));
      if (a) links.push({ id: b.id, parentId: a.id });
    } else if (b.kind === "hq") {
      const sup = superiorHqLevel(b.subtype as HqLevel);
      if (!sup) continue;
      const code = sup === "republican" ? ROOT_TERRITORY : parentOfTerritory.get(b.territoryCode);
      const p = code ? have.get(key("hq", code)) : undefined;
      if (p) links.push({ id: b.id, parentId: p.id });
    }
  }
  for (let i = 0; i < links.length; i += 500) {
    const chunk = links.slice(i, i + 500);
    await db.execute(sql`
      update body set parent_id = v.parent_id::uuid
      from (values ${sql.join(
        chunk.map((l) => sql`(${l.id}, ${l.parentId})`),
        sql`, `,
      )}) as v(id, parent_id)
      where body.id = v.id::uuid`);
  }
  return { created: wanted.length, total: have.size };
}

/** The body a demo account or a test needs: by kind and territory. */
export async function findBody(db: DbOrTx, kind: string, territoryCode: string, subtype?: string) {
  const [b] = await db
    .select()
    .from(body)
    .where(
      and(
        eq(body.kind, kind),
        eq(body.territoryCode, territoryCode),
        subtype ? eq(body.subtype, subtype) : undefined,
        eq(body.active, true),
      ),
    )
    .orderBy(body.createdAt, body.id)
    .limit(1);
  return b;
}

export async function rootlessHqs(db: DbOrTx) {
  return db
    .select({ id: body.id, subtype: body.subtype })
    .from(body)
    .where(and(eq(body.kind, "hq"), isNull(body.parentId)));
}
