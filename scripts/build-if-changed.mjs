#!/usr/bin/env node
// `npm start` builds only what changed: the web app (dist/web) when a file it is built from is newer
// than dist/web/index.html, the server bundle (dist/server) likewise. Plain Node, no dependencies.
// Usage: node scripts/build-if-changed.mjs [web|server] [--check]   (--check: say what is stale, exit 1 if any)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const p = (...parts) => join(root, ...parts);

/** Newest modification time (ms) of the files under the given paths; 0 when none exists. */
function newest(paths) {
  let max = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const e of readdirSync(path)) if (e !== "node_modules") walk(join(path, e));
    } else max = Math.max(max, s.mtimeMs);
  };
  for (const path of paths) walk(path);
  return max;
}
/** Oldest modification time of the outputs; 0 when one is missing. */
function oldest(paths) {
  let min = Number.POSITIVE_INFINITY;
  for (const path of paths) {
    if (!existsSync(path)) return 0;
    min = Math.min(min, statSync(path).mtimeMs);
  }
  return min;
}

const common = [p("src/domain"), p("package.json"), p("package-lock.json")];
// The server bundle's files: one per `name=entry` of the build:server script (dist/server/<name>.mjs).
const pkg = JSON.parse(readFileSync(p("package.json"), "utf8"));
const bundles = [...(pkg.scripts["build:server"] ?? "").matchAll(/(?:^|\s)([A-Za-z][\w-]*)=\S+/g)].map((m) =>
  p("dist/server", `${m[1]}.mjs`),
);
const targets = [
  {
    name: "web",
    script: "build:web",
    inputs: [...common, p("src/web"), p("vite.config.ts")],
    outputs: [p("dist/web/index.html")],
  },
  {
    name: "server",
    script: "build:server",
    inputs: [...common, p("src/server"), p("src/cli")],
    outputs: bundles.length ? bundles : [p("dist/server/qorgan.mjs")],
  },
];

const check = process.argv.includes("--check");
// Names given (web, server): only those.
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
let stale = 0;
for (const t of targets.filter((x) => !only.length || only.includes(x.name))) {
  if (newest(t.inputs) <= oldest(t.outputs)) continue;
  stale++;
  if (check) {
    console.log(`${t.name}: stale`);
    continue;
  }
  console.log(`Building the ${t.name} (sources changed)…`);
  const r = spawnSync("npm", ["run", "-s", t.script], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (check) process.exit(stale ? 1 : 0);
