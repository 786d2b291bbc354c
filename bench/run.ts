/**
 * npm run bench (not part of npm test). Targets:
 *  - registry search and list under 50 concurrent connections on PGlite with ≥10,000 bodies,
 *    next to a bare Fastify route measured in the same run (ratios survive noisy machines);
 *  - warm start-up time (data directory exists) to the first healthy answer.
 * Targets: search p99 < 50 ms; warm start < 2 s. Everything binds to 127.0.0.1; bounded in time.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { count } from "drizzle-orm";
import { body } from "../src/server/modules/registry/registry.tables";
import { migrateDatabase, openDatabase } from "../src/server/platform/db";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { seedAll } from "../src/server/seed/seed";

const ROOT = resolve(import.meta.dirname, "..");
const DATA = join(ROOT, ".tmp/bench-db");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

function log(m: string) {
  process.stdout.write(`${m}\n`);
}

/**
 * Different searches as people type them: the first two words of 2,000 bodies' Kazakh names, and
 * each again with a letter dropped (a typo) — over a thousand distinct phrases, more than the read
 * model remembers (256), asked in rotation, so every one is worked out afresh.
 */
async function variedPhrases(): Promise<string[]> {
  const db = await openDatabase({ dataDir: DATA });
  try {
    const rows = await db.query<{ n: string }>(
      "select name_kk as n from body where active order by md5(id::text) limit 2000",
    );
    const out = new Set<string>();
    for (const { n } of rows) {
      const words = n
        .split(/\s+/)
        .filter((w) => w.length > 1)
        .slice(0, 2);
      if (!words.length) continue;
      out.add(words.join(" "));
      const w = words[0];
      if (w.length > 4) out.add([w.slice(0, 2) + w.slice(3), ...words.slice(1)].join(" "));
    }
    return [...out].map((q) => `/api/bodies?q=${encodeURIComponent(q)}&limit=20`);
  } finally {
    await db.close();
  }
}

async function prepare() {
  if (process.argv.includes("--fresh")) rmSync(DATA, { recursive: true, force: true });
  if (existsSync(DATA)) return;
  log("preparing the benchmark database (PGlite, ≥10,000 bodies)…");
  const db = await openDatabase({ dataDir: DATA });
  try {
    await migrateDatabase(db);
    await seedAll(db, { demo: true, organisations: 9_300 }, (m) => log(`  ${m}`));
    const [{ n }] = await db.db.select({ n: count() }).from(body);
    log(`  ${n} bodies`);
  } finally {
    await db.close();
  }
}

function startChild(
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; ms: number; line: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, QORGAN_LOG: "false" } });
  return new Promise((res, rej) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.split("\n").find((l) => ready.test(l));
      if (m) {
        child.stdout?.off("data", onData);
        res({ child, ms: performance.now() - t0, line: m });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d) => (out += d.toString()));
    child.on("exit", (c) => rej(new Error(`child exited ${c}: ${out}`)));
  });
}

const stop = (c: ChildProcess) =>
  new Promise<void>((res) => {
    c.removeAllListeners("exit");
    c.once("exit", () => res());
    c.kill("SIGTERM");
  });

async function load(url: string, headers: Record<string, string> = {}, paths?: string[]) {
  let next = 0;
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    timeout: 30,
    // Paths in rotation, when given: each request asks the next one.
    requests: paths
      ? [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }]
      : undefined,
  });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers`);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors + r.timeouts,
  };
}

async function main() {
  await prepare();
  const phrases = await variedPhrases();
  // Measure what `npm start` runs: the bundled server.
  execFileSync("npm", ["run", "--silent", "build:server"], { cwd: ROOT, stdio: "inherit" });
  const port = 18_000 + Math.floor(Math.random() * 1000);

  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await startChild(
      ["dist/server/qorgan.mjs", "start", "--data-dir", DATA, "--port", String(port)],
      /is running at/,
    );
    starts.push(s.ms);
    await stop(s.child);
  }
  starts.sort((a, b) => a - b);

  const server = await startChild(
    ["dist/server/qorgan.mjs", "start", "--data-dir", DATA, "--port", String(port)],
    /is running at/,
  );
  const bare = await startChild(["--import", "tsx", "bench/bare-server.ts", String(port + 1)], /READY/);
  try {
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: DEMO_PASSWORD }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const total = (await (await fetch(`${base}/api/bodies?limit=1`, { headers: { cookie } })).json()).total;

    const baseline = await load(`http://127.0.0.1:${port + 1}/bare`);
    // The cheapest database-backed route (session + one territory): the ceiling of PGlite's single thread.
    const floor = await load(`${base}/api/territories/750000000`, { cookie });
    const search = await load(`${base}/api/bodies?q=${encodeURIComponent("мектеп гимназия")}&limit=20`, {
      cookie,
    });
    const typo = await load(`${base}/api/bodies?q=${encodeURIComponent("Алмты каласы")}&limit=20`, {
      cookie,
    });
    const varied = await load(base, { cookie }, phrases);
    const list = await load(`${base}/api/bodies?kind=organisation&territory=750000000&limit=50`, { cookie });

    const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      `| ${name} | ${Math.round(r.rps)} | ${(r.rps / baseline.rps).toFixed(4)} | ${r.p50} | ${r.p99} | ${r.errors} |`;
    log("");
    log(
      `Qorgan benchmark — PGlite, ${total} bodies visible to admin, ${CONNECTIONS} connections, ${DURATION} s each`,
    );
    log("| scenario | req/s | ratio to bare route | p50 ms | p99 ms | errors/timeouts |");
    log("|---|---|---|---|---|---|");
    log(row("bare Fastify route (baseline)", baseline));
    log(row("one territory by code (cheapest DB route)", floor));
    log(row("registry search (kk, 2 words)", search));
    log(row("registry search (typo)", typo));
    log(row(`registry search (${phrases.length} different phrases in rotation)`, varied));
    log(row("registry list (kind + territory)", list));
    log("");
    log(
      `warm start to listening: median ${Math.round(starts[1])} ms (runs: ${starts.map((s) => Math.round(s)).join(", ")} ms)`,
    );
    log(
      `targets: search p99 < 50 ms → ${search.p99 < 50 && typo.p99 < 50 && varied.p99 < 50 ? "met" : "NOT met"}; warm start < 2000 ms → ${starts[1] < 2000 ? "met" : "NOT met"}`,
    );
  } finally {
    await stop(server.child);
    await stop(bare.child);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
