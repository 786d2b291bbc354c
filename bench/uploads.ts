/**
 * Part of npm run bench: peak RSS of a real server process (the bundle, on PGlite,
 * as `npm start` runs it) while three lying XLSX files are imported at once — a 1.9 MB file whose
 * `xl/sharedStrings.xml` inflates to 1.9 GB while both its headers say 11,000 bytes — next to two
 * baselines measured in the same run: the idle server, and three legitimate imports of 2,000 measures
 * at once. RSS is read from /proc/<pid>/status every 5 ms. With BENCH_UPLOADS_OLD=1 also what exceljs's
 * reader (the import's reader before) allocates for one lying file, in a process of its own.
 * Run: node --import tsx bench/uploads.ts   (a fresh data directory, .tmp/bench-uploads-db, removed after)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { lyingXlsx } from "../test/support/zip-bomb";

const ROOT = resolve(import.meta.dirname, "..");
const DATA = join(ROOT, ".tmp/bench-uploads-db");
const MiB = 1024 * 1024;
const log = (m: string) => process.stdout.write(`${m}\n`);
const mib = (b: number) => `${(b / MiB).toFixed(0)} MiB`;

function startServer(port: number): Promise<ChildProcess> {
  const c = spawn(
    process.execPath,
    ["dist/server/qorgan.mjs", "start", "--demo", "--data-dir", DATA, "--port", String(port)],
    { cwd: ROOT, env: { ...process.env, QORGAN_LOG: "false" } },
  );
  return new Promise((res, rej) => {
    let out = "";
    c.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (/is running at/.test(out)) res(c);
    });
    c.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    c.on("exit", (code) => rej(new Error(`server exited ${code}: ${out.slice(-2000)}`)));
  });
}

const rssOf = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
};

/** Peak RSS of `pid` while `work` runs (sampled every 5 ms), and the RSS just before. */
async function peakRss<T>(pid: number, work: () => Promise<T>) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 5);
  const t0 = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, rssOf(pid));
    return { result, before, peak, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  execFileSync("npm", ["run", "--silent", "build:server"], { cwd: ROOT, stdio: "inherit" });
  const port = 19_000 + Math.floor(Math.random() * 1000);
  rmSync(DATA, { recursive: true, force: true });
  rmSync(`${DATA}.lock`, { force: true });
  log("starting the server on a fresh data directory (seeding the demo data)…");
  const server = await startServer(port);
  const pid = server.pid!;
  const base = `http://127.0.0.1:${port}`;
  try {
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "secretary", password: DEMO_PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const get = async (path: string) => {
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r.json();
    };
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const first = async (q: string) => (await get(`/api/bodies?${q}`)).items[0].id as string;
    const commission = await first("kind=commission&territory=750000000");
    const police = await first(`kind=state_body&territory=750000000&q=${encodeURIComponent("полиция")}`);
    /** A new plan of the commission (a year it has none of yet). */
    const newPlan = async () => {
      for (let year = 2060; year <= 2100; year++) {
        const r = await post("/api/plans", { bodyId: commission, year });
        if (r.status === 201) return (await r.json()).id as string;
        await r.arrayBuffer();
      }
      throw new Error("no free plan year left: remove the bench's data directory");
    };
    const importInto = async (planId: string, file: Buffer) => {
      const r = await post(`/api/plans/${planId}/import`, {
        filename: "plan.xlsx",
        contentBase64: file.toString("base64"),
      });
      const body = await r.json();
      return { status: r.status, code: body.code as string | undefined, imported: body.imported as number };
    };

    const workbook = async (rows: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Plan");
      ws.addRow(["category", "subtype", "title", "responsibleBodyId"]);
      for (let i = 0; i < rows; i++)
        ws.addRow(["legal", "migration", `Мера ${i + 1}: ${"профилактика ".repeat(6)}`, police]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const legit = await workbook(2000);
    const bomb = lyingXlsx(await workbook(1), 1.9e9);
    const plans = [await newPlan(), await newPlan(), await newPlan(), await newPlan()];

    await new Promise((r) => setTimeout(r, 2000));
    const idle = await peakRss(pid, () => new Promise((r) => setTimeout(r, 2000)));
    // The lying files first, on the idle server (the legitimate imports' heap is not all given back).
    const bombs = await peakRss(pid, async () => {
      const sent = [0, 1, 2].map(() => importInto(plans[3], bomb));
      const t0 = performance.now();
      await get("/api/auth/me");
      const meMs = performance.now() - t0;
      return { answers: await Promise.all(sent), meMs };
    });
    const alive = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    await alive.arrayBuffer();
    const ok = await peakRss(pid, () => Promise.all(plans.slice(0, 3).map((p) => importInto(p, legit))));

    log("");
    log("Uploads — one server process (bundle, PGlite), RSS from /proc every 5 ms");
    log("| scenario | RSS before | peak RSS | peak − idle | time | answers |");
    log("|---|---|---|---|---|---|");
    log(`| idle server, 2 s (baseline) | ${mib(idle.before)} | ${mib(idle.peak)} | — | — | — |`);
    log(
      `| 3 lying files at once (${(bomb.length / MiB).toFixed(2)} MiB each, 1.9 GB inflated) | ${mib(bombs.before)} | ${mib(bombs.peak)} | ${mib(bombs.peak - idle.peak)} | ${Math.round(bombs.ms)} ms | ${bombs.result.answers.map((r) => `${r.status} ${r.code}`).join(", ")} |`,
    );
    log(
      `| 3 legitimate imports at once (2,000 measures, ${(legit.length / 1024).toFixed(0)} KiB each) | ${mib(ok.before)} | ${mib(ok.peak)} | ${mib(ok.peak - idle.peak)} | ${Math.round(ok.ms)} ms | ${ok.result.map((r) => `${r.status} (${r.imported ?? r.code})`).join(", ")} |`,
    );
    log(
      `meanwhile GET /api/auth/me answered in ${Math.round(bombs.result.meMs)} ms; after: ${alive.status} (server ${alive.ok ? "up" : "DOWN"})`,
    );
    const refusedAll = bombs.result.answers.every((a) => [400, 429, 503].includes(a.status));
    log(
      `target: the lying files refused, their peak RSS within 64 MiB of the idle server's and below the legitimate imports' → ${refusedAll && bombs.peak - idle.peak <= 64 * MiB && bombs.peak <= ok.peak ? "met" : "NOT met"}`,
    );
  } finally {
    await new Promise<void>((res) => {
      server.removeAllListeners("exit");
      server.once("exit", () => res());
      server.kill("SIGTERM");
    });
    for (const leftover of [
      DATA,
      `${DATA}.lock`,
      `${DATA}.audit-checkpoints`,
      `${DATA}.audit-key.pem`,
      `${DATA}.audit-key.pub.pem`,
    ])
      rmSync(leftover, { recursive: true, force: true });
  }

  if (process.env.BENCH_UPLOADS_OLD === "1") {
    // The reader before: exceljs's load of one lying file, in a process of its own (it may run out of heap).
    const script = `
      import ExcelJS from "exceljs";
      import { lyingXlsx } from "./test/support/zip-bomb.ts";
      const wb0 = new ExcelJS.Workbook(); const ws = wb0.addWorksheet("Plan");
      ws.addRow(["category", "subtype", "title", "responsibleBodyId"]); ws.addRow(["legal", "migration", "x", "-"]);
      const bomb = lyingXlsx(Buffer.from(await wb0.xlsx.writeBuffer()), 1.9e9);
      const t0 = performance.now();
      let outcome = "read";
      try { await new ExcelJS.Workbook().xlsx.load(bomb); } catch (e) { outcome = String(e).slice(0, 80); }
      console.log(JSON.stringify({ ms: performance.now() - t0, maxRss: process.resourceUsage().maxRSS * 1024, outcome }));
    `;
    try {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: ROOT,
        encoding: "utf8",
      });
      const r = JSON.parse(out.trim().split("\n").pop() ?? "{}");
      log(
        `exceljs's reader (before), one lying file: peak RSS ${mib(r.maxRss)}, ${Math.round(r.ms)} ms, ${r.outcome}`,
      );
    } catch (e) {
      log(`exceljs's reader (before), one lying file: the process died (${String(e).slice(0, 200)})`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
