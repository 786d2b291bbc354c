/**
 * The territory search (KATO, R3) names where each unit lies: the villages called Алмалы are told apart by
 * their district and region (nearest first, the republic left out), as the place picker shows them.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { client } from "../support/http";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Item = {
  code: string;
  parentCode: string | null;
  path: string;
  names: { ru: string };
  within: { code: string; type: string; names: { kk: string; ru: string } }[];
};

it("each unit of the same name comes with its district and region, nearest first", async () => {
  const res = await client(app).get(`/api/territories?q=${encodeURIComponent("Алмалы")}&maxLevel=4&limit=50`);
  expect(res.statusCode, res.body).toBe(200);
  const items = (res.json().items as Item[]).filter((i) => /^с\.?\s*Алмалы$/.test(i.names.ru));
  expect(items.length).toBeGreaterThan(2);
  for (const i of items) {
    // The chain above the unit, from its parent up to the region, without the republic.
    expect(i.within[0].code).toBe(i.parentCode);
    expect(i.within.map((w) => w.code)).toEqual(i.path.split("/").slice(1, -1).reverse());
    expect(i.within.at(-1)?.type).toMatch(/region|city_republican/);
  }
  // With where they lie, the same names read differently.
  const labels = items.map((i) => [i.names.ru, ...i.within.map((w) => w.names.ru)].join(", "));
  expect(new Set(labels).size).toBe(items.length);
  // A region itself lies within nothing but the republic.
  const region = await client(app).get("/api/territories?maxLevel=1&limit=5");
  expect((region.json().items as Item[]).every((r) => r.within.length === 0)).toBe(true);
});
