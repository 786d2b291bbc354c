/**
 * The registry's in-process read model (modules/registry/search-read-model/) answers the
 * body list and search exactly as the SQL does — on the seeded registry, for several roles and many
 * queries — and never serves a stale answer after a change, whoever makes it. On PGlite the API
 * uses the model; on PostgreSQL the API uses SQL and the model is compared with it directly.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BodyListQuery, bodyList, bodyListQuery } from "../../src/domain/contracts/registry";
import type { Actor } from "../../src/domain/roles";
import { normaliseSearch } from "../../src/domain/search";
import { orderedTrigrams, similarity, trigramSet, wordSimilarity } from "../../src/domain/trigram";
import { buildApp } from "../../src/server/app";
import { resolveSession } from "../../src/server/modules/auth/auth.service";
import { basisOf, listBodiesSql } from "../../src/server/modules/registry/registry.service";
import { BodyIndex } from "../../src/server/modules/registry/search-read-model/body-index";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let admin: Client;
const actors = new Map<string, Actor>();

async function actorOf(c: Client): Promise<Actor> {
  const token = c.cookie.split("=")[1];
  const u = (await resolveSession(database, token))!;
  return {
    userId: u.id,
    grants: u.grants.map((g) => ({ role: g.role, bodyId: g.bodyId, territoryPath: g.territoryPath })),
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  for (const u of ["admin", "secretary", "hq", "reporter", "member"]) {
    const c = await signIn(app, u);
    if (u === "admin") admin = c;
    actors.set(u, await actorOf(c));
  }
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const QUERIES: Array<Partial<BodyListQuery>> = [
  {},
  { kind: "organisation" },
  { kind: "organisation", territory: ALMATY },
  { kind: "state_body", offset: 20 },
  { territory: "751710000" },
  { territory: "999999999" },
  { includeInactive: "true" },
  { subtype: "police" },
  { q: "мектеп гимназия" },
  { q: "мектеп", offset: 10 },
  { q: "Алмты каласы" },
  { q: "полиция" },
  { q: "комиссия алматы" },
  { q: "акимат" },
  { q: "штаб" },
  { q: "департамент полиции" },
  { q: "депортамент палиции" },
  { q: "терроризмге карсы" },
  { q: "Астана" },
  { q: "астна" },
  { q: "ТОО" },
  { q: "жшс" },
  { q: "ab" },
  { q: "Шымкент қаласы" },
  { q: "шымкнт" },
  { q: "xyzxyz" },
  { q: "больница", kind: "organisation" },
  { q: "болница" },
  { q: "№ 5" },
  { q: "100%_" },
  { q: "a b c d e f g h i j" },
  { q: "мектеп", offset: 100000 },
];

describe("the registry read model", () => {
  it("answers every list and search exactly as SQL does, for every role", async () => {
    const index = new BodyIndex(database, basisOf);
    index.invalidate("*");
    let compared = 0;
    let nonEmpty = 0;
    for (const [name, actor] of actors) {
      for (const part of QUERIES) {
        const q = { limit: 20, offset: 0, ...part } as BodyListQuery;
        const want = await listBodiesSql(database, actor, q);
        const got = await index.query(actor, q);
        expect(got, `${name} ${JSON.stringify(part)}`).toEqual(want);
        compared++;
        if (want.total > 0) nonEmpty++;
      }
    }
    expect(compared).toBe(actors.size * QUERIES.length);
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  });

  it("sends over HTTP the same list, in the API's contract, as SQL gives — asked twice, the second time from memory", async () => {
    const actor = actors.get("secretary")!;
    const secretary = await signIn(app, "secretary");
    for (const part of QUERIES) {
      const q = { limit: 20, offset: 0, ...part } as BodyListQuery;
      const qs = new URLSearchParams(
        Object.entries(q).map(([k, v]) => [k, String(v)]) as [string, string][],
      ).toString();
      if (!bodyListQuery.safeParse(q).success) {
        expect((await secretary.get(`/api/bodies?${qs}`)).statusCode).toBe(400);
        continue;
      }
      const want = await listBodiesSql(database, actor, q);
      for (let round = 0; round < 2; round++) {
        const res = await secretary.get(`/api/bodies?${qs}`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
        const got = res.json();
        expect(bodyList.parse(got), `${JSON.stringify(part)} round ${round}`).toEqual(got);
        expect(got, `${JSON.stringify(part)} round ${round}`).toEqual(want);
      }
    }
  });

  it("computes pg_trgm's word similarity and similarity, to the last bit, on the registry's own texts", async () => {
    const texts = (
      await database.query<{ t: string }>("select search_text as t from body order by id limit 300")
    ).map((r) => r.t);
    const queries = [
      "алмты",
      "каласы",
      "полиция",
      "депортамент",
      "мектп гимназиа",
      "ab",
      "штаб",
      "акимдиги",
      "zz",
    ];
    let checked = 0;
    for (const text of texts) {
      for (const q of [...queries, text.slice(3, 14)]) {
        const [row] = await database.query<{ w: number }>("select word_similarity($1, $2) as w", [q, text]);
        expect(wordSimilarity(q, text), `${q} / ${text}`).toBe(Math.fround(Number(row.w)));
        const [sim] = await database.query<{ s: number }>("select similarity($1, $2) as s", [q, text]);
        expect(similarity(trigramSet(q), trigramSet(text)), `similarity ${q} / ${text}`).toBe(
          Math.fround(Number(sim.s)),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(orderedTrigrams("Ab-c d1")).toEqual(["  a", " ab", "ab ", "  c", " c ", "  d", " d1", "d1 "]);
  });
});

describe("freshness of the API's answers", () => {
  const search = async (q: string, extra = "") =>
    (await admin.get(`/api/bodies?q=${encodeURIComponent(q)}&limit=50${extra}`)).json() as {
      items: { id: string; names: { kk: string }; territoryNames: { ru: string } }[];
      total: number;
    };

  it("a created, renamed and deactivated body is seen at once", async () => {
    const created = await admin.post("/api/bodies", {
      kind: "partner",
      subtype: "public_association",
      nameKk: "Жаңа серіктес Қарлығаш",
      nameRu: "Новый партнёр Ласточка",
      territoryCode: ALMATY,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await search("карлыгаш")).items.map((i) => i.id)).toEqual([id]);

    const renamed = await admin.patch(`/api/bodies/${id}`, {
      version: created.json().version,
      nameKk: "Серіктес Бұлбұл",
      nameRu: "Партнёр Соловей",
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await search("карлыгаш")).total).toBe(0);
    expect((await search("бұлбұл")).items.map((i) => i.id)).toEqual([id]);

    const off = await admin.delete(`/api/bodies/${id}?version=${renamed.json().version}`);
    expect(off.statusCode, off.body).toBeLessThan(300);
    expect((await search("бұлбұл")).items.map((i) => i.id)).not.toContain(id);
    expect((await search("бұлбұл", "&includeInactive=true")).items.map((i) => i.id)).toEqual([id]);
  });

  it("sees changes written behind the service's back (plain SQL), bodies and territories", async () => {
    await database.query(
      `insert into body (kind, name_kk, name_ru, territory_code, search_text)
       values ('partner', 'Тікелей жазба', 'Прямая запись', $1, $2)`,
      [ALMATY, normaliseSearch("Тікелей жазба Прямая запись")],
    );
    expect((await search("тікелей жазба")).total).toBe(1);
    const before = await database.query<{ name_ru: string }>(
      "select name_ru from territory where code = $1",
      [ALMATY],
    );
    await database.query("update territory set name_ru = 'Алматы (проверка)' where code = $1", [ALMATY]);
    try {
      const hit = await search("тікелей жазба");
      expect(hit.items[0].territoryNames.ru).toBe("Алматы (проверка)");
    } finally {
      await database.query("update territory set name_ru = $2 where code = $1", [ALMATY, before[0].name_ru]);
    }
  });
});
