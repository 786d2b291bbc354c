/** OpenAPI, health, rules catalogue and the map geometry. */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { securityHeaders } from "../../src/server/platform/security-headers";
import { openTestDatabase } from "../support/db";
import { client } from "../support/http";

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("API surface", () => {
  it("publishes OpenAPI with every route and a docs page", async () => {
    const spec = (await client(app).get("/api/openapi.json")).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const p of [
      "/api/bodies",
      "/api/bodies/{id}",
      "/api/memberships/{id}/contact",
      "/api/audit",
      "/api/auth/sign-in",
      "/api/territories",
    ]) {
      expect(Object.keys(spec.paths)).toContain(p);
    }
    expect((await client(app).get("/api/docs/")).statusCode).toBe(200);
  });

  it("reports health and the driver", async () => {
    const h = (await client(app).get("/api/health")).json();
    expect(h.ok).toBe(true);
    expect(["pglite", "postgres"]).toContain(h.driver);
  });

  it("serves R1–R23 with the Kazakh original of each paragraph", async () => {
    const rules = (await client(app).get("/api/rules")).json().items;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(Array.from({ length: 23 }, (_, i) => `R${i + 1}`));
    for (const r of rules) expect(r.textKk.length, r.id).toBeGreaterThan(20);
    expect(rules.find((r: { id: string }) => r.id === "R5").chapter).toBe(1);
  });

  it("serves region and district geometry with KATO codes", async () => {
    const regions = (await client(app).get("/api/geo/regions")).json();
    expect(regions.type).toBe("FeatureCollection");
    expect(regions.features).toHaveLength(20);
    const astana = regions.features.find(
      (f: { properties: { kato: string } }) => f.properties.kato === "710000000",
    );
    expect(astana.properties.nameEn).toBe("Astana");
    const districts = (await client(app).get("/api/geo/districts")).json();
    expect(districts.features.length).toBeGreaterThan(200);
  });

  it("answers unknown API paths with a localised JSON 404 and sets security headers", async () => {
    const res = await client(app).get("/api/nothing-here", { "accept-language": "ru" });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("not_found");
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'self'/);
    // Every header helmet sets, on errors and on answers alike; nothing says what serves them.
    const ok = await client(app).get("/api/health");
    const want = securityHeaders();
    expect(Object.keys(want).length).toBeGreaterThan(8);
    for (const r of [res, ok]) {
      for (const [k, v] of Object.entries(want)) expect(r.headers[k], k).toBe(v);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
      expect(r.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(r.headers["x-powered-by"]).toBeUndefined();
    }
  });
});
