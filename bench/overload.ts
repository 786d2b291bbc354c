/**
 * Overload, on both databases: 100 clients read the incident list and the national prevention
 * dashboard for BENCH_SECONDS (default 30) while one client signs in and files a report every second.
 * Each database is run twice in the same run: with bulk reads yielding and shed
 * (platform/bulk-read-admission.ts) and without (QORGAN_SHED_BULK_READS=off, the baseline), each round
 * on a fresh copy of the same seeded database with 300 reports already on file.
 * Targets: sign-in and report p99 < 1 s, no request waiting past 10 s; shed reads are counted.
 * PostgreSQL: a throwaway cluster (scripts/pg-test-cluster.sh, left running when it already was) unless
 * BENCH_DATABASE_URL is given. `--pglite-only` / `--pg-only` run one half.
 * Run: node --import tsx bench/overload.ts   (part of npm run bench)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { TEST_PERSONAL_DATA_KEY } from "../src/server/modules/affected-people";
import { restoreFrom } from "../src/server/platform/backup";
import { migrateDatabase, openDatabase } from "../src/server/platform/db";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { seedAll } from "../src/server/seed/seed";
import { ensurePgliteTemplate } from "../test/support/template";

const ROOT = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = 100;
const PRIOR_REPORTS = 300;
const EARLIER_TYPES = ["suspicious_object", "threat_message", "arson", "armed_attack", "hostage_taking"];
const log = (m: string) => process.stdout.write(`${m}\n`);
const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "—");

type Target = { label: string; env: Record<string, string>; args: string[]; cleanup: () => Promise<void> };

async function start(target: Target, port: number, shed: boolean): Promise<ChildProcess> {
  const c = spawn(
    process.execPath,
    [
      // BENCH_PROFILE=dir: a CPU profile of each server, written when it stops.
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      join(ROOT, "bin/qorgan.mjs"),
      "start",
      ...target.args,
      "--port",
      String(port),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: "",
        QORGAN_LOG: "false",
        QORGAN_PD_KEY: TEST_PERSONAL_DATA_KEY,
        QORGAN_AUDIT_CHECKPOINTS: "off",
        QORGAN_SHED_BULK_READS: shed ? "on" : "off",
        ...target.env,
      },
    },
  );
  return new Promise((ok, fail) => {
    let out = "";
    c.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("is running at")) ok(c);
    });
    c.stderr?.on("data", (d) => {
      out += d;
    });
    c.on("exit", (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
}

/**
 * A JSON POST from a given loopback address: sign-in is limited per client address (20 a minute), and
 * the probe signs in 60 times a minute — each from its own address in 127.0.0.0/8, as distinct people do.
 */
let nextAddress = 0;
function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const localAddress = `127.0.${1 + (Math.floor(nextAddress / 250) % 250)}.${2 + (nextAddress++ % 250)}`;
  const url = new URL(path, base);
  const payload = JSON.stringify(body);
  const t = performance.now();
  return new Promise<{ ms: number; status: number; setCookie: string }>((ok, fail) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          ok({
            ms: performance.now() - t,
            status: res.statusCode ?? 0,
            setCookie: String(res.headers["set-cookie"]?.[0] ?? "").split(";")[0],
          }),
        );
      },
    );
    req.on("error", fail);
    req.end(payload);
  });
}

async function signIn(base: string, username: string) {
  const r = await post(base, "/api/auth/sign-in", { username, password: DEMO_PASSWORD });
  return { ms: r.ms, status: r.status, cookie: r.setCookie };
}

const report = (base: string, cookie: string, description: string, type = "explosion") =>
  post(
    base,
    "/api/incidents",
    { type, occurredAt: new Date().toISOString(), territoryCode: "750000000", description },
    { cookie, "idempotency-key": randomUUID() },
  );

async function round(target: Target, shed: boolean) {
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const server = await start(target, port, shed);
  try {
    // The lists read have something in them: reports already on file, filed before the load.
    const reporter = (await signIn(base, "reporter")).cookie;
    for (let i = 0; i < PRIOR_REPORTS; i += 20)
      await Promise.all(
        // Unlike each other (random text, several kinds): the wave grouping is not what is measured.
        Array.from({ length: 20 }, (_, k) =>
          report(
            base,
            reporter,
            `${randomUUID()} ${randomUUID()}`,
            EARLIER_TYPES[(i + k) % EARLIER_TYPES.length],
          ),
        ),
      );
    const reader = (await signIn(base, "atc")).cookie;
    const year = new Date().getFullYear();
    const signIns: number[] = [];
    const reports: number[] = [];
    let failures = 0;
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const next = Date.now() + 1000;
        const s = await signIn(base, "reporter");
        signIns.push(s.ms);
        if (s.status !== 200) failures++;
        const r = await report(base, s.cookie, `Overload probe ${randomUUID()}`);
        reports.push(r.ms);
        if (r.status !== 201) failures++;
        await new Promise((ok) => setTimeout(ok, Math.max(0, next - Date.now())));
      }
    })();
    const load = await autocannon({
      url: base,
      connections: CLIENTS,
      duration: SECONDS,
      timeout: 30,
      headers: { cookie: reader },
      requests: [{ path: "/api/incidents?limit=50" }, { path: `/api/prevention/dashboard?year=${year}` }],
    });
    stop = true;
    await probe;
    const codes = load.statusCodeStats ?? {};
    const shedCount = codes["503"]?.count ?? 0;
    const ok = codes["200"]?.count ?? 0;
    const other = Object.entries(codes)
      .filter(([c]) => c !== "200" && c !== "503")
      .map(([c, v]) => `${c}×${v.count}`)
      .join(" ");
    return {
      mode: shed ? "shedding" : "baseline (QORGAN_SHED_BULK_READS=off)",
      signIn: `p50 ${ms(p(signIns, 0.5))} / p99 ${ms(p(signIns, 0.99))} / max ${ms(Math.max(...signIns))} ms (${signIns.length})`,
      report: `p50 ${ms(p(reports, 0.5))} / p99 ${ms(p(reports, 0.99))} / max ${ms(Math.max(...reports))} ms (${reports.length})`,
      reads: `${ok} answered, ${shedCount} shed (503)${other ? `, other ${other}` : ""}, p50 ${load.latency.p50} / p99 ${load.latency.p99} / max ${load.latency.max} ms, timeouts ${load.timeouts}`,
      probeFailures: failures,
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((ok) => server.once("exit", ok));
  }
}

async function embeddedTarget(template: string): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "qorgan-overload-"));
  const dataDir = join(dir, "db");
  await restoreFrom(template, dataDir);
  return {
    label: "embedded database (PGlite)",
    env: {},
    args: ["--data-dir", dataDir],
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A seeded database on the cluster, copied afresh (CREATE DATABASE … TEMPLATE) for each round. */
async function postgresTargets(url: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const seeded = "qorgan_bench_overload_seed";
  await admin.query(`drop database if exists ${seeded} with (force)`);
  await admin.query(`create database ${seeded}`);
  const u = new URL(url);
  u.pathname = `/${seeded}`;
  log("  preparing the PostgreSQL database (territories without settlements, demo registry)…");
  const prep = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  await migrateDatabase(prep);
  await seedAll(prep, { demo: true, settlements: false });
  await prep.close();
  let n = 0;
  const target = async (): Promise<Target> => {
    const name = `qorgan_bench_overload_${n++}`;
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${seeded}`);
    const db = new URL(url);
    db.pathname = `/${name}`;
    return {
      label: "PostgreSQL 15",
      env: { DATABASE_URL: db.toString(), QORGAN_DB_POOL: "10" },
      args: [],
      cleanup: async () => {
        await admin.query(`drop database if exists ${name} with (force)`);
      },
    };
  };
  const close = async () => {
    await admin.query(`drop database if exists ${seeded} with (force)`);
    await admin.end();
  };
  return { target, close };
}

function print(label: string, r: Awaited<ReturnType<typeof round>>) {
  log(
    `  ${label} — ${r.mode}\n    sign-in ${r.signIn}\n    report  ${r.report}\n    reads   ${r.reads}\n    probe failures ${r.probeFailures}`,
  );
}

const only = process.argv.find((a) => a.endsWith("-only"));
log(
  `overload: ${CLIENTS} clients on the incident list and the national dashboard for ${SECONDS} s, one sign-in + report each second`,
);
if (only !== "--pg-only") {
  const template = await ensurePgliteTemplate();
  for (const shed of [true, false]) {
    const t = await embeddedTarget(template);
    try {
      print(t.label, await round(t, shed));
    } finally {
      await t.cleanup();
    }
  }
}
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
  const pgs = await postgresTargets(url);
  try {
    for (const shed of [true, false]) {
      const t = await pgs.target();
      try {
        print(t.label, await round(t, shed));
      } finally {
        await t.cleanup();
      }
    }
  } finally {
    await pgs.close();
    if (own) execFileSync("bash", ["scripts/pg-test-cluster.sh", "stop"], { cwd: ROOT });
  }
}
