/**
 * Activation of consequence plans on PostgreSQL (a throwaway database on the test cluster unless
 * BENCH_DATABASE_URL is given), the bundled server spawned as `npm start` runs it:
 *  - two plans with 200 tasks in all, for 50 response forces (4 tasks each);
 *  - 100 boards open (SSE /api/events/consequences, two per force, each signed in as the force's
 *    coordinator), doing what the web page's live hook does (features/consequences/api.ts): an event
 *    that carries the reader's tasks (`tasks`, modules/consequences/tasks-in-events.ts) puts them on
 *    the board; one without them makes the board re-read its tasks (GET /api/consequences/tasks/mine)
 *    — every event with QORGAN_TASKS_IN_EVENTS=off in the environment (passed to the server);
 *  - measured: from the activation's time as its transaction sets it (`activatedAt`, before the
 *    tasks' inserts and the commit; an upper bound of "from the commit") to the moment every task of
 *    the force is on each open board — target p99 < 1 s; also from the activation's answer (the 201,
 *    sent after the commit and a read of the whole board; negative when the board had them first),
 *    from the request's start, and the activation request's own time.
 * Run: node --import tsx bench/consequences.ts  (part of npm run bench)
 * Env: BENCH_ROUNDS (activations measured, default 10), BENCH_DATABASE_URL.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { createUser } from "../src/server/modules/auth";
import { activeBodiesWithin } from "../src/server/modules/registry";
import { systemContext } from "../src/server/platform/context";
import { migrateDatabase, openDatabase } from "../src/server/platform/db";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { seedAll } from "../src/server/seed/seed";

const ROOT = resolve(import.meta.dirname, "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const FORCES = 50;
const TASKS = 200;
const BOARDS = 100;
const TARGET_MS = 1000;
const DB_NAME = "qorgan_bench_consequences";
const log = (m: string) => process.stdout.write(`${m}\n`);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
};

function child(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const c = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, QORGAN_LOG: "false", ...env },
  });
  return new Promise((res, rej) => {
    let out = "";
    c.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) res(c);
    });
    c.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    c.on("exit", (code) => rej(new Error(`exited ${code}: ${out.slice(-2000)}`)));
  });
}

/** Sign in; each from its own forwarded address (the server trusts 127.0.0.1 as its proxy here), so the per-address sign-in limit is not what is measured. */
let signIns = 0;
async function cookieFor(base: string, username: string) {
  signIns++;
  const r = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": `10.77.${Math.floor(signIns / 250)}.${(signIns % 250) + 1}`,
    },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
  return (r.headers.get("set-cookie") ?? "").split(";")[0];
}

async function call(base: string, cookie: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

type Board = {
  abort: AbortController;
  heard: Map<string, number>;
  done: Map<string, number>;
  /** Activations whose tasks came with the event (no re-read). */
  carried: Set<string>;
};

/**
 * A force's open board: hears the stream; on an activation it takes the tasks the event carries, or
 * re-reads its tasks when it carries none (as the page's hook does), and notes when all `expected`
 * of that activation are there.
 */
async function openBoard(base: string, cookie: string, expected: number): Promise<Board> {
  const abort = new AbortController();
  const done = new Map<string, number>();
  const heard = new Map<string, number>();
  const carried = new Set<string>();
  const res = await fetch(`${base}/api/events/consequences`, { headers: { cookie }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`board: ${res.status}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  const reread = async (activationId: string) => {
    for (let attempt = 0; attempt < 5 && !done.has(activationId); attempt++) {
      const mine = await call(base, cookie, "GET", "/api/consequences/tasks/mine");
      const n = mine.items.filter((t: { activationId: string }) => t.activationId === activationId).length;
      if (n >= expected) done.set(activationId, performance.now());
      else await new Promise((r) => setTimeout(r, 20));
    }
  };
  let buf = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += dec.decode(value, { stream: true });
        let k = buf.indexOf("\n\n");
        while (k >= 0) {
          const lines = buf.slice(0, k).split("\n");
          buf = buf.slice(k + 2);
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
          const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
          if (event === "consequences" && data) {
            const e = JSON.parse(data) as {
              event: string;
              activationId: string;
              tasks?: { activationId: string }[];
            };
            if (e.event === "activated") {
              heard.set(e.activationId, performance.now());
              if (Array.isArray(e.tasks)) {
                carried.add(e.activationId);
                const n = e.tasks.filter((t) => t.activationId === e.activationId).length;
                if (n >= expected) done.set(e.activationId, performance.now());
              } else void reread(e.activationId).catch(() => {});
            }
          }
          k = buf.indexOf("\n\n");
        }
      }
    } catch {
      /* closed */
    }
  })();
  return { abort, heard, done, carried };
}

async function main() {
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    // The shared test cluster (started if need be, left running).
    url = execFileSync("bash", ["scripts/pg-test-cluster.sh", "start"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${DB_NAME}`;
  const DB = dbUrl.toString();

  log("preparing PostgreSQL bench database (demo registry, 50 force coordinators)…");
  const prep = await openDatabase({ databaseUrl: DB, poolSize: 4 });
  await migrateDatabase(prep);
  await seedAll(prep, { demo: true, settlements: false });
  const forces = (await activeBodiesWithin(prep.db, ["KZ"], ["response_force"]))
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, FORCES);
  if (forces.length < FORCES) throw new Error(`only ${forces.length} response forces in the demo registry`);
  const users = forces.map((_, i) => `bench-force-${String(i + 1).padStart(2, "0")}`);
  for (const [i, f] of forces.entries())
    await createUser(prep, systemContext("bench"), {
      username: users[i],
      displayName: `Bench force ${i + 1}`,
      password: DEMO_PASSWORD,
      grants: [{ role: "response_force_coordinator", bodyId: f.id, territoryCode: f.territoryCode }],
    });
  await prep.close();

  execFileSync("npm", ["run", "--silent", "build:server"], { cwd: ROOT, stdio: "inherit" });
  const port = 18_900 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const server = await child(
    ["dist/server/qorgan.mjs", "start", "--port", String(port)],
    {
      DATABASE_URL: DB,
      QORGAN_DB_POOL: "10",
      QORGAN_TRUSTED_PROXIES: "127.0.0.1",
      // The personal-data key the server requires with PostgreSQL (a throwaway one: no persons here).
      QORGAN_PD_KEY: randomBytes(32).toString("base64"),
    },
    /is running at/,
  );
  const boards: Board[] = [];
  try {
    const [hq, secretary] = [await cookieFor(base, "hq"), await cookieFor(base, "secretary")];
    const forceCookies: string[] = [];
    for (const u of users) forceCookies.push(await cookieFor(base, u));

    // Two plans of the city: 200 tasks in all, round-robin over the 50 forces (4 each).
    const perPlan = TASKS / 2;
    const planIds: string[] = [];
    for (let p = 0; p < 2; p++) {
      const tasks = Array.from({ length: perPlan }, (_, j) => {
        const i = p * perPlan + j;
        return {
          mainTask: i % 2 ? "rescue_and_help" : "prevent_loss_of_life",
          activity: "rescue_firefighting",
          title: `Міндет ${i + 1}`,
          responsibleBodyId: forces[i % FORCES].id,
          normMinutes: 30 + (i % 60),
          means: [],
        };
      });
      const plan = await call(base, secretary, "POST", "/api/consequences/plans", {
        territory: "750000000",
        title: `Бенчмарк жоспары ${p + 1}`,
        scenario: "explosion",
        objectId: null,
        forecast: { casualties: { severe: 1, moderate: 1, light: 1 }, areaHa: 1, evacuate: 1, hazards: [] },
        reviewDate: null,
        tasks,
      });
      planIds.push(plan.id);
    }

    const perForce = TASKS / FORCES;
    for (let k = 0; k < BOARDS; k++) boards.push(await openBoard(base, forceCookies[k % FORCES], perForce));
    await new Promise((r) => setTimeout(r, 500));

    const activate = async () => {
      const t0 = performance.now();
      const board = await call(base, hq, "POST", "/api/consequences/activations", {
        planIds,
        note: "bench",
      });
      const t201 = performance.now();
      if (board.taskCount !== TASKS) throw new Error(`activation made ${board.taskCount} tasks`);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && boards.some((b) => !b.done.has(board.id)))
        await new Promise((r) => setTimeout(r, 5));
      // The activation's time as the server set it in its transaction, before the tasks' inserts and
      // the commit (same machine, same clock): from it is an upper bound of "from the commit".
      const tStart = Date.parse(board.activatedAt as string) - performance.timeOrigin;
      return { id: board.id as string, t0, t201, tStart };
    };

    log(
      `warming up (1 activation), then ${ROUNDS} activations of ${TASKS} tasks to ${FORCES} forces, ${BOARDS} boards open…`,
    );
    await activate();
    const fromAnswer: number[] = [];
    const fromStart: number[] = [];
    const fromAnswerSigned: number[] = [];
    const fromRequest: number[] = [];
    const requestMs: number[] = [];
    const heardAfter: number[] = [];
    const rereadMs: number[] = [];
    let missed = 0;
    let fromEvent = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const { id, t0, t201, tStart } = await activate();
      requestMs.push(t201 - t0);
      let last = 0;
      for (const b of boards) {
        const at = b.done.get(id);
        if (at === undefined) {
          missed++;
          continue;
        }
        fromAnswer.push(Math.max(0, at - t201));
        fromAnswerSigned.push(at - t201);
        fromStart.push(at - tStart);
        if (b.carried.has(id)) fromEvent++;
        const h = b.heard.get(id);
        if (h !== undefined) {
          heardAfter.push(h - t201);
          rereadMs.push(at - h);
        }
        fromRequest.push(at - t0);
        last = Math.max(last, at - t201);
      }
      log(
        `  activation ${r + 1}: request ${(t201 - t0).toFixed(0)} ms; last board complete ${last.toFixed(0)} ms after the 201`,
      );
    }
    const p99 = quantile(fromStart, 0.99);
    log(
      `  of which: the event heard on a board ${quantile(heardAfter, 0.5).toFixed(0)} ms (p50) / ${quantile(heardAfter, 0.99).toFixed(0)} ms (p99) after the 201 (negative: before it); from the event to all its tasks on the board p50 ${quantile(rereadMs, 0.5).toFixed(0)} ms, p99 ${quantile(rereadMs, 0.99).toFixed(0)} ms; ${fromEvent} of ${fromAnswer.length} boards' tasks came with the event, the rest by a re-read (${BOARDS} boards at once; tasks in events ${process.env.QORGAN_TASKS_IN_EVENTS === "off" ? "off" : "on"})`,
    );
    log(
      `consequences activation: ${ROUNDS} × ${TASKS} tasks → ${BOARDS} boards (${FORCES} forces): from the activation's time in its transaction (before the inserts and the commit: an upper bound of from-the-commit) to all of a board's tasks on it — p50 ${quantile(fromStart, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${Math.max(...fromStart).toFixed(0)} ms; from the 201 p50 ${quantile(fromAnswerSigned, 0.5).toFixed(0)} ms, p99 ${quantile(fromAnswerSigned, 0.99).toFixed(0)} ms (negative: before it; counted as 0: p99 ${quantile(fromAnswer, 0.99).toFixed(0)} ms); from the request's start p99 ${quantile(fromRequest, 0.99).toFixed(0)} ms; the activation request itself p50 ${quantile(requestMs, 0.5).toFixed(0)} ms, max ${Math.max(...requestMs).toFixed(0)} ms; ${missed} board(s) incomplete after 10 s (target p99 < ${TARGET_MS} ms → ${p99 < TARGET_MS && missed === 0 ? "met" : "NOT met"})`,
    );
  } finally {
    for (const b of boards) b.abort.abort();
    await new Promise<void>((res) => {
      server.removeAllListeners("exit");
      server.once("exit", () => res());
      server.kill("SIGTERM");
    });
    if (!process.env.BENCH_DATABASE_URL && existsSync(resolve(ROOT, ".tmp/pg/url"))) {
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${DB_NAME} with (force)`);
      await drop.end();
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
