/**
 * The web app's API types, generated from the server's own routes: builds the real app (buildApp on an
 * empty in-memory PGlite; building it reads no table), takes the OpenAPI document that @fastify/swagger
 * makes from the routes' zod schemas, and writes
 *   src/web/api/openapi.json  the document (pretty, stable: same routes → same bytes)
 *   src/web/api/schema.d.ts   its TypeScript types by openapi-typescript (`paths`), used by the typed
 *                             client in src/web/api/client.ts (openapi-fetch)
 * Run: npm run gen:api            (node --import tsx scripts/gen-api.ts)
 *      npm run gen:api -- --check regenerate in memory; exit 1 when the committed files differ (npm test)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { buildApp } from "../src/server/app";
import { openDatabase } from "../src/server/platform/db";

const ROOT = resolve(import.meta.dirname, "..");
const OUT_DIR = join(ROOT, "src/web/api");
const SPEC_FILE = join(OUT_DIR, "openapi.json");
const TYPES_FILE = join(OUT_DIR, "schema.d.ts");

/** The OpenAPI document of the app as the server publishes it at /api/openapi.json. */
async function openApiDocument(): Promise<Record<string, unknown>> {
  const pglite = new PGlite({ extensions: { pg_trgm } });
  const database = await openDatabase({ pglite });
  try {
    // No web directory: the SPA fallback and static files play no part in the document.
    const app = await buildApp({ database, config: { webDir: join(ROOT, ".tmp/no-web-dir") } });
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

async function generate(): Promise<Map<string, string>> {
  const spec = await openApiDocument();
  const json = `${JSON.stringify(spec, null, 2)}\n`;
  const ast = await openapiTS(JSON.parse(json), { silent: true });
  const types = `${COMMENT_HEADER.replace(
    "Do not make direct changes to the file.",
    "Do not make direct changes to the file: run `npm run gen:api` (scripts/gen-api.ts).",
  )}${astToString(ast)}`;
  return new Map([
    [SPEC_FILE, json],
    [TYPES_FILE, types],
  ]);
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The first line that differs, to say where the committed file went stale. */
function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++)
    if (la[i] !== lb[i])
      return `line ${i + 1}:\n    committed: ${la[i] ?? "(end of file)"}\n    generated: ${lb[i] ?? "(end of file)"}`;
  return "";
}

const check = process.argv.includes("--check");
const files = await generate();
if (check) {
  const stale: string[] = [];
  for (const [file, text] of files) {
    const current = read(file);
    if (current === text) continue;
    const name = relative(ROOT, file);
    stale.push(
      current === null ? `  ${name}: missing` : `  ${name}: differs at ${firstDifference(current, text)}`,
    );
  }
  if (stale.length) {
    console.error(
      `The API client is out of date with the server's routes:\n${stale.join("\n")}\n` +
        "Run `npm run gen:api` and commit src/web/api/openapi.json and src/web/api/schema.d.ts " +
        "(then fix what the typecheck of src/web reports).",
    );
    process.exit(1);
  }
  console.log("API client up to date (src/web/api/openapi.json, src/web/api/schema.d.ts).");
} else {
  for (const [file, text] of files) {
    const changed = read(file) !== text;
    if (changed) writeFileSync(file, text);
    console.log(`${changed ? "wrote" : "unchanged"} ${relative(ROOT, file)}`);
  }
}
