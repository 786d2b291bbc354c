/** Health, version, the Rules catalogue (R1–R23 with the Kazakh original) and map geometry. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { chapterOf, ruleIds } from "../../../domain/rules";
import type { Database } from "../../platform/db";
import { ping } from "../../platform/db";
import { DATA_DIR, loadGeo } from "../registry";

type RuleText = { paragraphs: string; textKk: string };
let rulesCache: Record<string, RuleText> | null = null;

export function loadRulesKk(): Record<string, RuleText> {
  if (rulesCache) return rulesCache;
  const file = resolve(DATA_DIR, "rules-kk.json");
  rulesCache = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, RuleText>) : {};
  return rulesCache;
}

const ruleItem = z.object({
  id: z.string(),
  chapter: z.number(),
  paragraphs: z.string(),
  textKk: z.string(),
});

export async function metaRoutes(
  app: FastifyInstance,
  { database, version }: { database: Database; version: string },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["meta"];
  r.get(
    "/api/health",
    {
      schema: {
        operationId: "health",
        tags,
        response: { 200: z.object({ ok: z.boolean(), driver: z.string() }) },
      },
    },
    async () => ({ ok: await ping(database), driver: database.driver }),
  );
  r.get(
    "/api/meta",
    {
      schema: {
        operationId: "meta",
        tags,
        response: { 200: z.object({ version: z.string(), driver: z.string() }) },
      },
    },
    async () => ({ version, driver: database.driver }),
  );
  r.get(
    "/api/rules",
    { schema: { operationId: "rules", tags, response: { 200: z.object({ items: z.array(ruleItem) }) } } },
    async () => {
      const kk = loadRulesKk();
      return {
        items: ruleIds.map((id) => ({
          id,
          chapter: chapterOf(id),
          paragraphs: kk[id]?.paragraphs ?? "",
          textKk: kk[id]?.textKk ?? "",
        })),
      };
    },
  );
  for (const kind of ["regions", "districts"] as const) {
    app.get(
      `/api/geo/${kind}`,
      {
        schema: {
          operationId: `geo_${kind}`,
          tags,
          response: {
            // GeoJSON (RFC 7946) as the shipped files have it: polygons of units named by KATO code.
            200: z.object({
              type: z.literal("FeatureCollection"),
              features: z.array(
                z.object({
                  type: z.literal("Feature"),
                  properties: z.object({
                    kato: z.string(),
                    nameKk: z.string(),
                    nameRu: z.string(),
                    nameEn: z.string(),
                  }),
                  geometry: z.discriminatedUnion("type", [
                    z.object({ type: z.literal("Point"), coordinates: z.array(z.number()) }),
                    z.object({
                      type: z.literal("Polygon"),
                      coordinates: z.array(z.array(z.array(z.number()))),
                    }),
                    z.object({
                      type: z.literal("MultiPolygon"),
                      coordinates: z.array(z.array(z.array(z.array(z.number())))),
                    }),
                  ]),
                }),
              ),
            }),
          },
        },
      },
      async (_req, reply) => {
        reply.header("cache-control", "public, max-age=86400");
        return loadGeo(kind);
      },
    );
  }
}
