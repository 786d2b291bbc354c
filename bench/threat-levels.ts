/**
 * Threat levels when a level is raised (Decree No. 611; R10.1: informing the population), on the
 * embedded database and on PostgreSQL, the server in its own process (bin/qorgan.mjs start):
 *  A. The public page (/public/kk) and the CAP feed (/public/cap.atom) under 200 connections, next to
 *     @fastify/static serving the very same bytes from a file in its own process, in the same run —
 *     targets: at least 0.8 of its req/s, p99 < 50 ms. (Both answer from memory: no query per request.)
 *  B. From a decision (sent; it commits before its 201) to the new level on the public page (its ETag
 *     changes), in the CAP feed, and on 100 open signed-in pages (the SSE event) — target p99 < 1 s.
 *  C. PostgreSQL, ~10,000 bodies (the territory tree's commissions, HQs and akimats plus 9,300
 *     organisations): a declaration covering the whole country tasks every body and queues their
 *     notices — target < 10 s to its 201; report intake's p99 while it runs, next to before it.
 * Run: node --import tsx bench/threat-levels.ts [--pglite-only|--pg-only]  (part of npm run bench)
 * Env: BENCH_SECONDS (10), BENCH_DECISIONS (20), BENCH_DATABASE_URL. Binds to 127.0.0.1 only.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { TEST_PERSONAL_DATA_KEY } from "../src/server/modules/affected-people";
import { migrateDatabase, openDatabase } from "../src/server/platform/db";
import { seedAll } from "../src/server/seed/seed";
import { child, cookieFor, log, quantile, ROOT, stop, withPostgresDatabase } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 20);
const PAGES = 100;
const CONNECTIONS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(base: string, path: string, cookie: string, body: unknown, key?: string) {
  const t0 = performance.now();
  const r = await fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      cookie,
      ...(key ? { "idempotency-key": key } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await r.json()) as Record<string, unknown>;
  return { status: r.status, json, ms: performance.now() - t0, at: performance.now() };
}

function load(url: string) {
  return new Promise<autocannon.Result>((ok, fail) =>
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 }, (e, r) =>
      e ? fail(e) : ok(r),
    ),
  );
}

/** An open signed-in page: the moments (performance.now()) each threat-level event arrived, by decision id. */
function openPage(base: string, cookie: string, heard: Map<string, number[]>, ctrl: AbortController) {
  return (async () => {
    const res = await fetch(`${base}/api/events/threat-levels`, { headers: { cookie }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += new TextDecoder().decode(value);
      let cut = buf.indexOf("\n\n");
      while (cut >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (block.includes("event: threat-level")) {
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          const id = data ? (JSON.parse(data.slice(6)) as { id: string }).id : "";
          const list = heard.get(id) ?? [];
          list.push(performance.now());
          heard.set(id, list);
        }
        cut = buf.indexOf("\n\n");
      }
    }
  })().catch(() => {});
}

/** Polls `url` until its ETag differs from `etag`; the moment it did. */
async function changed(url: string, etag: string | null, until: number): Promise<number> {
  while (performance.now() < until) {
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.headers.get("etag") !== etag) return performance.now();
    await sleep(5);
  }
  return Number.NaN;
}
const etagOf = async (url: string) => {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.headers.get("etag");
};

const decision = (level: string, territories: string[]) => ({
  level,
  territories,
  grounds: "Негіздеме (бенчмарк)",
  announcement: { kk: "Хабарландыру (бенчмарк)", ru: "Объявление (бенчмарк)", en: "" },
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
});

type Target = { label: string; env: Record<string, string>; args: string[]; national: boolean };

async function partA(base: string, staticBase: string) {
  const page = await fetch(`${base}/public/kk`);
  const bytes = Buffer.from(await page.arrayBuffer());
  const feed = Buffer.from(await (await fetch(`${base}/public/cap.atom`)).arrayBuffer());
  writeFileSync(join(STATIC_DIR, "page.html"), bytes);
  writeFileSync(join(STATIC_DIR, "cap.atom"), feed);
  const rows: [string, autocannon.Result][] = [];
  rows.push(["@fastify/static, the page's bytes", await load(`${staticBase}/page.html`)]);
  rows.push(["public page /public/kk", await load(`${base}/public/kk`)]);
  rows.push(["@fastify/static, the feed's bytes", await load(`${staticBase}/cap.atom`)]);
  rows.push(["CAP feed /public/cap.atom", await load(`${base}/public/cap.atom`)]);
  for (let i = 0; i < rows.length; i++) {
    const [name, r] = rows[i];
    const base = i % 2 === 1 ? rows[i - 1][1].requests.average : 0;
    const ratio = base ? r.requests.average / base : 0;
    const verdict =
      i % 2 === 1
        ? `  ×${ratio.toFixed(2)} of static (target ≥0.8 ${ratio >= 0.8 ? "MET" : "NOT MET"}), p99 target <50 ms ${r.latency.p99 < 50 ? "MET" : "NOT MET"}`
        : "";
    log(
      `  ${name.padEnd(36)} ${Math.round(r.requests.average).toString().padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.non2xx}${verdict}`,
    );
  }
}

async function partB(base: string) {
  const atc = await cookieFor(base, "atc");
  const readers = await Promise.all(
    ["secretary", "member", "district", "hq", "district-member"].map((u) => cookieFor(base, u)),
  );
  const heard = new Map<string, number[]>();
  const ctrl = new AbortController();
  for (let i = 0; i < PAGES; i++) void openPage(base, readers[i % readers.length], heard, ctrl);
  await sleep(2000);
  const page: number[] = [];
  const feed: number[] = [];
  const pages: number[] = [];
  let missed = 0;
  // Almaty city and Almaty region: every reader above sees one or the other.
  const where = ["750000000", "190000000"];
  let current = (await post(base, "/api/threat-levels", atc, decision("moderate", where))).json;
  await sleep(500);
  for (let i = 0; i < DECISIONS; i++) {
    const [pageTag, feedTag] = await Promise.all([
      etagOf(`${base}/public/kk`),
      etagOf(`${base}/public/cap.atom`),
    ]);
    const level = i % 2 === 0 ? "high" : "moderate";
    const r = await post(base, `/api/threat-levels/${current.id}/changes`, atc, {
      ...decision(level, where),
      action: i % 2 === 0 ? "raise" : "lower",
      endsAt: undefined,
    });
    if (r.status !== 201) throw new Error(`change ${r.status}: ${JSON.stringify(r.json)}`);
    // From the moment the decision was sent: its commit happens inside that request, and open pages may
    // hear of it before its 201 arrives — an upper bound on commit → seen.
    const t0 = r.at - r.ms;
    const until = t0 + 5000;
    const [tp, tf] = await Promise.all([
      changed(`${base}/public/kk`, pageTag, until),
      changed(`${base}/public/cap.atom`, feedTag, until),
    ]);
    page.push(tp - t0);
    feed.push(tf - t0);
    while (performance.now() < until && (heard.get(r.json.id as string)?.length ?? 0) < PAGES)
      await sleep(10);
    const got = heard.get(r.json.id as string) ?? [];
    missed += PAGES - got.length;
    for (const t of got) pages.push(t - t0);
    current = r.json;
  }
  ctrl.abort();
  await post(base, `/api/threat-levels/${current.id}/changes`, atc, {
    ...decision("moderate", where),
    action: "cancel",
    level: undefined,
    endsAt: undefined,
  });
  const line = (name: string, xs: number[]) =>
    log(
      `  ${name.padEnd(36)} n=${xs.length}  p50 ${quantile(xs, 0.5).toFixed(0)} ms  p99 ${quantile(xs, 0.99).toFixed(0)} ms  (target p99 <1000 ms ${quantile(xs, 0.99) < 1000 ? "MET" : "NOT MET"})`,
    );
  line("decision → public page", page);
  line("decision → CAP feed", feed);
  line(`decision → ${PAGES} open pages (SSE)`, pages);
  log(`  events not heard on open pages: ${missed}`);
}

async function partC(base: string) {
  const atc = await cookieFor(base, "atc");
  const reporter = await cookieFor(base, "reporter");
  const intake: { at: number; ms: number }[] = [];
  let running = true;
  const reporting = (async () => {
    while (running) {
      const r = await post(
        base,
        "/api/incidents",
        reporter,
        {
          type: "explosion",
          occurredAt: new Date().toISOString(),
          territoryCode: "750000000",
          description: "бенчмарк",
        },
        randomUUID(),
      );
      if (r.status >= 300) throw new Error(`report ${r.status}`);
      intake.push({ at: r.at - r.ms, ms: r.ms });
      await sleep(50);
    }
  })();
  await sleep(5000);
  const t0 = performance.now();
  const r = await post(base, "/api/threat-levels", atc, decision("high", ["KZ"]));
  const t1 = performance.now();
  await sleep(2000);
  running = false;
  await reporting;
  if (r.status !== 201) throw new Error(`declaration ${r.status}: ${JSON.stringify(r.json)}`);
  const board = (await (
    await fetch(`${base}/api/threat-levels/${r.json.id}/tasks`, { headers: { cookie: atc } })
  ).json()) as {
    total: number;
  };
  const before = intake.filter((x) => x.at < t0).map((x) => x.ms);
  const during = intake.filter((x) => x.at >= t0 && x.at <= t1).map((x) => x.ms);
  const s = (t1 - t0) / 1000;
  log(
    `  whole-country declaration: ${board.total.toLocaleString("en")} bodies tasked in ${s.toFixed(2)} s (target <10 s ${s < 10 ? "MET" : "NOT MET"})`,
  );
  log(
    `  report intake p99: before ${quantile(before, 0.99).toFixed(0)} ms (n=${before.length}), during ${quantile(during, 0.99).toFixed(0)} ms (n=${during.length}), max during ${Math.max(0, ...during).toFixed(0)} ms`,
  );
}

let STATIC_DIR = "";

async function run(target: Target) {
  log(`\n== ${target.label} ==`);
  STATIC_DIR = mkdtempSync(join(tmpdir(), "qorgan-static-"));
  const port = 19_000 + Math.floor(Math.random() * 500);
  const server = await child(
    [join(ROOT, "bin/qorgan.mjs"), "start", ...target.args, "--port", String(port)],
    { QORGAN_AUDIT_CHECKPOINTS: "off", QORGAN_PD_KEY: TEST_PERSONAL_DATA_KEY, ...target.env },
    /is running at/,
  );
  const stat = await child(
    ["--import", "tsx", "bench/static-server.ts", String(port + 1), STATIC_DIR],
    {},
    /READY/,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    log(`A. ${CONNECTIONS} connections, ${SECONDS} s each`);
    await partA(base, `http://127.0.0.1:${port + 1}`);
    log(`B. ${DECISIONS} decisions (raise/lower) over Almaty city and region`);
    await partB(base);
    if (target.national) {
      log("C. a declaration covering the whole country");
      await partC(base);
    }
  } finally {
    await stop(stat);
    await stop(server);
    rmSync(STATIC_DIR, { recursive: true, force: true });
  }
}

const only = process.argv.find((a) => a.endsWith("-only"));
if (only !== "--pg-only") {
  const dir = mkdtempSync(join(tmpdir(), "qorgan-threat-"));
  const dataDir = join(dir, "db");
  log("preparing the embedded database (demo registry)…");
  const db = await openDatabase({ dataDir });
  await migrateDatabase(db);
  await seedAll(db, { demo: true, settlements: false });
  await db.close();
  try {
    await run({
      label: "embedded database (PGlite)",
      env: { DATABASE_URL: "" },
      args: ["--data-dir", dataDir],
      national: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== "--pglite-only") {
  await withPostgresDatabase("qorgan_bench_threat_levels", async (url) => {
    log("\npreparing the PostgreSQL database (demo registry and 9,300 organisations: ~10,000 bodies)…");
    const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrateDatabase(db);
    await seedAll(db, { demo: true, settlements: false, organisations: 9_300 });
    await db.close();
    await run({
      label: "PostgreSQL 15",
      env: { DATABASE_URL: url, QORGAN_DB_POOL: "10" },
      args: [],
      national: true,
    });
  });
}
