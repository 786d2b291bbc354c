/**
 * The objects' read paths made fast for the national scale (objects.list.ts, objects.map.ts,
 * compliance.service.ts, cache-until-objects-change.ts) still answer exactly within the reader's
 * scope: keyset pages cover every object once in order; the bounded count says "more than" past its
 * cap; a change is visible at once in the held answers (the clustered layer, the compliance counts,
 * the typo pass's vocabulary); owners and another region's commission see nothing more than before.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { seedNationalObjects } from "../../src/server/modules/vulnerable-objects";
import { COUNT_CAP } from "../../src/server/modules/vulnerable-objects/objects.list";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let atc: Client;
let secretary: Client;
let reporter: Client;
let district: Client;
let reporterBodyId: string;
let all: number;

const count = async (where = "true") =>
  Number(
    (await database.query<{ n: string }>(`select count(*) as n from vulnerable_object where ${where}`))[0].n,
  );

beforeAll(async () => {
  database = await openTestDatabase();
  await seedNationalObjects(database, { count: COUNT_CAP + 150 });
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [atc, secretary, reporter, district] = await Promise.all(
    ["atc", "secretary", "reporter", "district"].map((u) => signIn(app, u)),
  );
  reporterBodyId = (await reporter.get("/api/auth/me")).json().grants[0].bodyId;
  all = await count();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Page = {
  items: { id: string; nameKk: string; owner: { id: string } }[];
  total: number;
  totalExact: boolean;
  next: string | null;
};

async function walk(c: Client, query: string) {
  const seen: Page["items"] = [];
  let after = "";
  let first: Page | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await c.get(`/api/objects?limit=200${query}${after ? `&after=${after}` : ""}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    first ??= page;
    seen.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return { seen, first: first! };
}

describe("the list at national scale", () => {
  it("keyset pages give every object once, by name then id; the count stops at its cap", async () => {
    const { seen, first } = await walk(atc, "");
    expect(all).toBeGreaterThan(COUNT_CAP);
    expect(first).toMatchObject({ total: COUNT_CAP, totalExact: false });
    expect(seen.length).toBe(all);
    expect(new Set(seen.map((o) => o.id)).size).toBe(all);
    // Same order as the database's (name_kk, id) index.
    const order = await database.query<{ id: string }>(
      "select id from vulnerable_object order by name_kk, id",
    );
    expect(seen.map((o) => o.id)).toEqual(order.map((r) => r.id));

    const few = (await atc.get(`/api/objects?territory=${ALMATY}`)).json();
    expect(few).toMatchObject({
      totalExact: true,
      total: await count(`territory_path like 'KZ/750000000%'`),
    });

    expect((await atc.get("/api/objects?after=nonsense")).statusCode).toBe(400);
  });

  it("an owner pages through its own objects only; another region's commission sees none of Almaty", async () => {
    const mine = await walk(reporter, "");
    expect(mine.seen.length).toBe(await count(`owner_body_id = '${reporterBodyId}'`));
    expect(mine.seen.every((o) => o.owner.id === reporterBodyId)).toBe(true);
    const map = (await reporter.get("/api/objects/map")).json();
    expect(map.total).toBe(mine.seen.length);

    const almaty = await walk(secretary, "");
    expect(almaty.seen.length).toBe(await count(`territory_path like 'KZ/750000000%'`));
    expect((await district.get(`/api/objects?territory=${ALMATY}`)).json().total).toBe(0);
    expect((await district.get(`/api/objects?q=${encodeURIComponent("стадион")}`)).json().items).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ id: almaty.seen[0].id })]),
    );
  });
});

describe("search", () => {
  it("a misspelt word goes straight to the typo pass; a part of a word is still a substring", async () => {
    const names = async (q: string) =>
      ((await atc.get(`/api/objects?limit=50&q=${encodeURIComponent(q)}`)).json().items as Page["items"]).map(
        (o) => o.nameKk.toLowerCase(),
      );
    const typo = await names("стадоин");
    expect(typo.length).toBeGreaterThan(0);
    expect(typo.every((n) => n.includes("стадион"))).toBe(true);
    expect(await names("стадион")).toEqual(typo);
    // Words looked up in the vocabulary (search_words) find what substrings of the text find.
    for (const q of ["стадион", "адио", "нур", "достык кош", "12"]) {
      const ws = q.split(" ");
      const want = await database.query<{ id: string }>(
        `select id from vulnerable_object where ${ws.map((_, i) => `search_text like $${i + 1}`).join(" and ")}
          order by name_kk, id limit 50`,
        ws.map((w) => `%${w}%`),
      );
      const got = (await atc.get(`/api/objects?limit=50&q=${encodeURIComponent(q)}`)).json()
        .items as Page["items"];
      expect(want.length, q).toBeGreaterThan(0);
      expect(
        got.map((o) => o.id),
        q,
      ).toEqual(want.map((r) => r.id));
    }
    const part = await names("адио");
    expect(part.length).toBeGreaterThan(0);
    expect(part.every((n) => n.includes("адио"))).toBe(true);
  });
});

describe("owners' and territories' names held while listening", () => {
  it("a renamed owner, whoever renames it (plain SQL), is shown renamed at once", async () => {
    const ownerNames = async () =>
      (
        (await reporter.get("/api/objects?limit=5")).json().items as { owner: { names: { kk: string } } }[]
      ).map((o) => o.owner.names.kk);
    const [old] = await database.query<{ name_kk: string }>("select name_kk from body where id = $1", [
      reporterBodyId,
    ]);
    expect(await ownerNames()).toContain(old.name_kk);
    await database.query("update body set name_kk = $1 where id = $2", ["Жаңа атау", reporterBodyId]);
    await expect.poll(ownerNames, { timeout: 5000 }).toContain("Жаңа атау");
    await database.query("update body set name_kk = $1 where id = $2", [old.name_kk, reporterBodyId]);
    await expect.poll(ownerNames, { timeout: 5000 }).toContain(old.name_kk);
  });
});

describe("answers held until an object changes", () => {
  it("the layer, the compliance counts and the typo search see a new object at once", async () => {
    const layer = async () => (await atc.get("/api/objects/map?maxPoints=100")).json();
    const national = async () => (await atc.get("/api/objects/compliance")).json().total.objects;
    const typo = async () =>
      (await secretary.get(`/api/objects?q=${encodeURIComponent("карлгаш")}`)).json().items as Page["items"];

    const before = await layer();
    expect(before).toMatchObject({ clustered: true, total: all });
    expect(before.clusters.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(all);
    expect(await layer()).toEqual(before);
    const objectsBefore = await national();
    expect(objectsBefore).toBe(all);
    expect(await typo()).toEqual([]);

    const created = await secretary.post("/api/objects", {
      nameKk: "«Қарлығаш» спорт кешені",
      nameRu: "Спорткомплекс «Карлыгаш»",
      territoryCode: ALMATY,
      address: "Алматы, Сәтбаев к-сі, 5",
      lat: 43.23,
      lon: 76.91,
      category: "mass_gathering",
      attendance: 900,
      staff: 30,
      owner: { bodyId: reporterBodyId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;

    expect((await layer()).total).toBe(all + 1);
    expect(await national()).toBe(all + 1);
    expect((await typo()).map((o) => o.id)).toContain(id);

    // Moved out of the country's box: gone from the layer at once.
    const moved = await secretary.patch(`/api/objects/${id}`, { version: created.json().version, lat: 30 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await layer()).total).toBe(all);
  });
});
