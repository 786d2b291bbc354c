import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../src/server/app";
import { seedNational } from "../src/server/modules/prevention/national.seed";
import { type Database, migrateDatabase, openDatabase } from "../src/server/platform/db";
import { seedAll } from "../src/server/seed/seed";
import { cookieFor, log, quantile, ROOT, withPostgresDatabase } from "./support";

const YEARS = Number(process.env.BENCH_YEARS ?? 10);
const MEASURES = Number(process.env.BENCH_MEASURES ?? 450);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = 4;

/** REQUESTS requests, CONCURRENCY at a time (bounded to 60 s); latency quantiles in ms. */
async function measure(urls: (i: number) => string, cookie: string) {
  const times: number[] = [];
  let next = 0;
  const until = performance.now() + 60_000;
  const worker = async () => {
    while (next < REQUESTS && performance.now() < until) {
      const i = next++;
      const t0 = performance.now();
      const r = await fetch(urls(i), { headers: { cookie } });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${urls(i)} → ${r.status}`);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function run(label: string, database: Database) {
  log(`\n== ${label} ==`);
  await migrateDatabase(database);
  await seedAll(database, { demo: true, settlements: false });
  const t0 = performance.now();
  const r = await seedNational(database, { years: YEARS, measuresPerPlan: MEASURES }, (m) => log(m));
  const genS = (performance.now() - t0) / 1000;
  log(
    `generator: ${r.plans} plans, ${r.measures.toLocaleString("en")} measures, ${r.reports.toLocaleString("en")} reports, ${r.assignments.toLocaleString("en")} assignments in ${genS.toFixed(0)} s`,
  );
  const app = await buildApp({ database, config: { logger: false, signInRateLimit: 1000 } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const rows: [string, { n: number; p50: number; p95: number }][] = [];
  try {
    const atc = await cookieFor(base, "atc");
    const secretary = await cookieFor(base, "secretary");
    const year = new Date().getFullYear() - 1;
    // Warm up once per route (plans, caches), as a running server would be.
    for (const u of ["/api/auth/me", `/api/prevention/dashboard?year=${year}&quarter=4`])
      await fetch(`${base}${u}`, { headers: { cookie: atc } });
    const years = Array.from({ length: YEARS }, (_, k) => year - k);
    rows.push(["baseline GET /api/auth/me", await measure(() => `${base}/api/auth/me`, atc)]);
    rows.push([
      "national dashboard (ATC, any year/quarter)",
      await measure(
        (i) => `${base}/api/prevention/dashboard?year=${years[i % years.length]}&quarter=${1 + (i % 4)}`,
        atc,
      ),
    ]);
    rows.push([
      "region dashboard (Almaty region)",
      await measure(
        (i) =>
          `${base}/api/prevention/dashboard?year=${years[i % years.length]}&quarter=${1 + (i % 4)}&territory=190000000`,
        atc,
      ),
    ]);
    rows.push([
      "city dashboard (Almaty city secretary)",
      await measure(
        (i) => `${base}/api/prevention/dashboard?year=${years[i % years.length]}&quarter=${1 + (i % 4)}`,
        secretary,
      ),
    ]);
    rows.push([
      "overdue list, national (50 per page)",
      await measure(
        (i) => `${base}/api/assignments?scope=all&status=overdue&limit=50&offset=${(i % 5) * 50}`,
        atc,
      ),
    ]);
    rows.push([
      "drill-down: not reported, national",
      await measure(
        (i) =>
          `${base}/api/prevention/dashboard/records?year=${years[i % years.length]}&quarter=4&outcome=missing&limit=50`,
        atc,
      ),
    ]);
  } finally {
    await app.close();
  }
  const baseline = rows[0][1].p95;
  for (const [name, m] of rows) {
    log(
      `${name.padEnd(44)} n=${String(m.n).padStart(4)}  p50 ${m.p50.toFixed(1).padStart(7)} ms  p95 ${m.p95.toFixed(1).padStart(7)} ms  (×${(m.p95 / baseline).toFixed(1)} baseline)${name.startsWith("baseline") ? "" : m.p95 < 200 ? "  target <200 ms MET" : "  target <200 ms NOT MET"}`,
    );
  }
}

async function main() {
  const only = process.argv.find((a) => a.endsWith("-only"));
  if (only !== "--pglite-only")
    await withPostgresDatabase("qorgan_bench_prevention", async (url) => {
      const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
      try {
        await run("PostgreSQL 15", database);
      } finally {
        await database.close();
      }
    });
  if (only !== "--pg-only") {
    const dir = join(ROOT, ".tmp/bench-prevention-db");
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: dir });
    try {
      await run("PGlite (embedded)", database);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
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
