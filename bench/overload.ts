/**
 * Overload , embedded database: 100 clients read the incident
 * list and the prevention dashboard for BENCH_SECONDS (default 30) while one client signs in and files
 * a report every second. Run twice in the same run: with bulk reads shed
 * (platform/bulk-read-admission.ts) and without (QORGAN_SHED_BULK_READS=off, the baseline).
 * Targets: sign-in and report p99 < 1 s, no request waiting past 10 s; shed reads are counted.
 * Run: node --import tsx bench/overload.ts   (PostgreSQL: not yet — see the report of the issue)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { restoreFrom } from "../src/server/platform/backup";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { ensurePgliteTemplate } from "../test/support/template";

const ROOT = resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const log = (m: string) => process.stdout.write(`${m}\n`);
const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
};

async function start(dataDir: string, port: number, shed: boolean): Promise<ChildProcess> {
  const c = spawn(
    process.execPath,
    [join(ROOT, "bin/qorgan.mjs"), "start", "--data-dir", dataDir, "--port", String(port)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: "",
        QORGAN_LOG: "false",
        QORGAN_AUDIT_CHECKPOINTS: "off",
        QORGAN_SHED_BULK_READS: shed ? "on" : "off",
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

async function signIn(base: string, username: string) {
  const t = performance.now();
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return {
    ms: performance.now() - t,
    status: res.status,
    cookie: String(res.headers.get("set-cookie")).split(";")[0],
  };
}

async function round(shed: boolean, template: string) {
  const dir = mkdtempSync(join(tmpdir(), "qorgan-overload-"));
  const dataDir = join(dir, "db");
  await restoreFrom(template, dataDir);
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const server = await start(dataDir, port, shed);
  try {
    const hq = (await signIn(base, "hq")).cookie;
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
        const t = performance.now();
        const r = await fetch(`${base}/api/incidents`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: s.cookie, "idempotency-key": randomUUID() },
          body: JSON.stringify({
            type: "explosion",
            occurredAt: new Date().toISOString(),
            territoryCode: "750000000",
            description: `Overload probe ${randomUUID()}`,
          }),
        });
        reports.push(performance.now() - t);
        if (r.status !== 201) failures++;
        await new Promise((ok) => setTimeout(ok, Math.max(0, next - Date.now())));
      }
    })();
    const load = await autocannon({
      url: base,
      connections: 100,
      duration: SECONDS,
      timeout: 30,
      headers: { cookie: hq },
      requests: [{ path: "/api/incidents" }, { path: "/api/prevention/dashboard" }],
    });
    stop = true;
    await probe;
    const shedCount = load.statusCodeStats?.["503"]?.count ?? 0;
    return {
      mode: shed ? "shedding" : "baseline (QORGAN_SHED_BULK_READS=off)",
      signIn: `p50 ${p(signIns, 0.5).toFixed(0)} / p99 ${p(signIns, 0.99).toFixed(0)} / max ${Math.max(...signIns).toFixed(0)} ms (${signIns.length})`,
      report: `p50 ${p(reports, 0.5).toFixed(0)} / p99 ${p(reports, 0.99).toFixed(0)} / max ${Math.max(...reports).toFixed(0)} ms (${reports.length})`,
      reads: `${load.requests.total} answered, ${shedCount} shed (503), p99 ${load.latency.p99} ms, max ${load.latency.max} ms, timeouts ${load.timeouts}`,
      probeFailures: failures,
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((ok) => server.once("exit", ok));
    rmSync(dir, { recursive: true, force: true });
  }
}

const template = await ensurePgliteTemplate();
log(
  `overload, embedded database: 100 clients on lists/dashboard for ${SECONDS} s, a sign-in + report each second`,
);
for (const shed of [true, false]) {
  const r = await round(shed, template);
  log(
    `  ${r.mode}\n    sign-in ${r.signIn}\n    report  ${r.report}\n    reads   ${r.reads}\n    probe failures ${r.probeFailures}`,
  );
}
