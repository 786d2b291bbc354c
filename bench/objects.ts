/**
 * Vulnerable objects at national scale (`qorgan seed --scale national` adds 50,000 synthetic objects
 * with passports): the registry's list and search answer in p95 < 100 ms on PostgreSQL and on PGlite;
 * the objects layer of the whole country (clustered) in < 300 ms; the compliance dashboard, national,
 * in p95 < 200 ms on PostgreSQL (the PGlite figure is reported too). Next to each figure, a baseline
 * measured in the same run (GET /api/auth/me: a session lookup and a tiny query) so ratios survive
 * noisy machines. Only the objects' set is generated (not the prevention set): a run takes minutes.
 * Run: node --import tsx bench/objects.ts [--pg-only|--pglite-only]  (part of npm run bench)
 * Env: BENCH_OBJECTS (50000), BENCH_REQUESTS (200), BENCH_DATABASE_URL; BENCH_KEEP=1 leaves the databases
 * (PostgreSQL `qorgan_bench_objects`, PGlite .tmp/bench-objects-db) for EXPLAIN ANALYZE afterwards.
 */
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { buildApp } from "../src/server/app";
import { seedNationalObjects } from "../src/server/modules/vulnerable-objects";
import { type Database, migrateDatabase, openDatabase, refreshStatistics } from "../src/server/platform/db";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { seedAll } from "../src/server/seed/seed";

const ROOT = resolve(import.meta.dirname, "..");
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = 4;
const DB_NAME = "qorgan_bench_objects";
const KEEP = process.env.BENCH_KEEP === "1";
const log = (m: string) => process.stdout.write(`${m}\n`);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function cookieFor(base: string, username: string) {
  const r = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in ${username}: ${r.status}`);
  return (r.headers.get("set-cookie") ?? "").split(";")[0];
}

type Figures = { n: number; p50: number; p95: number; bytes: number };

/** REQUESTS requests, CONCURRENCY at a time (bounded to 60 s); latency quantiles in ms. */
async function measure(urls: (i: number) => string, cookie: string, check?: (j: unknown) => void) {
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const until = performance.now() + 60_000;
  const worker = async () => {
    while (next < REQUESTS && performance.now() < until) {
      const i = next++;
      const t0 = performance.now();
      const r = await fetch(urls(i), { headers: { cookie } });
      const body = await r.text();
      if (!r.ok) throw new Error(`${urls(i)} → ${r.status}`);
      times.push(performance.now() - t0);
      bytes = body.length;
      check?.(JSON.parse(body));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), bytes } satisfies Figures;
}

const SEARCHES = [
  "Достық",
  "стадион",
  "ТЭЦ Арман",
  "стадоин",
  "Абай көш",
  "Бәйтерек-12",
  "мектеп Нұр",
  "вокзл",
];

async function run(label: string, database: Database) {
  log(`\n== ${label} ==`);
  await migrateDatabase(database);
  await seedAll(database, { demo: true, settlements: false });
  const t0 = performance.now();
  const g = await seedNationalObjects(database, { count: OBJECTS }, (m) => log(m));
  log(
    `generator: ${g.objects.toLocaleString("en")} objects, ${g.passports.toLocaleString("en")} passports in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  // As `qorgan start` does (main.ts): statistics of the tables that grew. Without them the embedded
  // database (no autovacuum) plans the 50,000 objects as the few hundred it last counted.
  log(`analyzed: ${(await refreshStatistics(database)).join(", ") || "none"}`);
  const app = await buildApp({ database, config: { logger: false, signInRateLimit: 1000 } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const rows: [string, Figures, number | null][] = [];
  try {
    const atc = await cookieFor(base, "atc");
    // Warm up once per route (plans, caches), as a running server would be.
    for (const u of [
      "/api/auth/me",
      "/api/objects",
      "/api/objects?q=x",
      "/api/objects/map",
      "/api/objects/compliance",
    ])
      await fetch(`${base}${u}`, { headers: { cookie: atc } });
    rows.push(["baseline GET /api/auth/me", await measure(() => `${base}/api/auth/me`, atc), null]);
    // Pages 1–20 as the list opens them: each page's `next` is the following page's `after`.
    const afters = [""];
    for (let p = 1; p < 20; p++) {
      const r = await fetch(`${base}/api/objects?limit=50${afters[p - 1] ? `&after=${afters[p - 1]}` : ""}`, {
        headers: { cookie: atc },
      });
      afters.push((await r.json()).next);
    }
    rows.push([
      "list, national (ATC, 50 per page, pages 1–20)",
      await measure(
        (i) => `${base}/api/objects?limit=50${afters[i % 20] ? `&after=${afters[i % 20]}` : ""}`,
        atc,
      ),
      100,
    ]);
    rows.push([
      "list, filtered (region + passport state)",
      await measure(
        (i) =>
          `${base}/api/objects?limit=50&territory=${["190000000", "750000000", "710000000", "630000000"][i % 4]}&passport=${["expired", "due", "valid", "none"][i % 4]}`,
        atc,
      ),
      100,
    ]);
    rows.push([
      "search, national (words, typos)",
      await measure(
        (i) => `${base}/api/objects?limit=50&q=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}`,
        atc,
      ),
      100,
    ]);
    rows.push([
      "objects layer, whole country (clustered)",
      await measure(
        () => `${base}/api/objects/map`,
        atc,
        (j) => {
          const layer = j as { clustered: boolean; total: number };
          if (!layer.clustered || layer.total < OBJECTS)
            throw new Error(`the country layer was not clustered: ${JSON.stringify(layer).slice(0, 200)}`);
        },
      ),
      300,
    ]);
    rows.push([
      "compliance dashboard, national (ATC)",
      await measure(() => `${base}/api/objects/compliance`, atc),
      label.startsWith("PostgreSQL") ? 200 : null,
    ]);
    rows.push([
      "compliance dashboard, a region",
      await measure(
        (i) => `${base}/api/objects/compliance?territory=${["190000000", "630000000"][i % 2]}`,
        atc,
      ),
      null,
    ]);
  } finally {
    await app.close();
  }
  const baseline = rows[0][1].p95;
  for (const [name, m, target] of rows) {
    const verdict =
      target === null ? "" : m.p95 < target ? `  target <${target} ms MET` : `  target <${target} ms NOT MET`;
    log(
      `${name.padEnd(46)} n=${String(m.n).padStart(4)}  p50 ${m.p50.toFixed(1).padStart(7)} ms  p95 ${m.p95.toFixed(1).padStart(7)} ms  (×${(m.p95 / baseline).toFixed(1)} baseline)  ${(m.bytes / 1024).toFixed(0)} KiB${verdict}`,
    );
  }
}

async function main() {
  const only = process.argv.find((a) => a.endsWith("-only"));
  if (only !== "--pglite-only") {
    let url = process.env.BENCH_DATABASE_URL;
    let own = false;
    if (!url) {
      // A cluster already running (tests, another bench) is used and left running.
      const running = existsSync(resolve(ROOT, ".tmp/pg/url"));
      url = execFileSync("bash", ["scripts/pg-test-cluster.sh", "start"], {
        cwd: ROOT,
        encoding: "utf8",
      }).trim();
      own = !running;
    }
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.query(`create database ${DB_NAME}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${DB_NAME}`;
    const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
    try {
      await run("PostgreSQL 15", database);
    } finally {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      if (!KEEP) await cleanup.query(`drop database if exists ${DB_NAME} with (force)`);
      await cleanup.end();
      if (own) execFileSync("bash", ["scripts/pg-test-cluster.sh", "stop"], { cwd: ROOT });
    }
  }
  if (only !== "--pg-only") {
    const dir = join(ROOT, ".tmp/bench-objects-db");
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: dir });
    try {
      await run("PGlite (embedded)", database);
    } finally {
      await database.close();
      if (!KEEP) rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
