/**
 * Where the project's files are: the directory holding package.json, found upwards from this
 * module — the same from the TypeScript sources (src/server/platform) and from the bundled server
 * (dist/server), so migrations, reference data and the web app are found either way.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "drizzle"))) return dir;
    if (dirname(dir) === dir) throw new Error(`Qorgan's project directory not found above ${from}`);
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const projectPath = (...parts: string[]) => join(ROOT, ...parts);
