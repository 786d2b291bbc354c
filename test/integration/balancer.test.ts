/**
 * The balancer recipe (deploy/nginx.conf) with Debian's nginx in front of two instances of the built
 * server (dist/server/qorgan.mjs, as in production) on one PostgreSQL database: sessions hold across
 * instances, the client address is nginx's view (a forged X-Forwarded-For is overwritten), and when
 * one instance is killed (SIGKILL) during a burst of reports, every report is filed once and both live
 * boards — one of them on the killed instance — end with every report exactly once.
 * PostgreSQL only; nginx is installed by scripts/ensure-nginx.sh (npm test runs it).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PERSONAL_DATA_KEY } from "../../src/server/modules/affected-people";
import type { Database } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase, usingPostgres } from "../support/db";
import { ROOT } from "../support/template";

const NGINX = process.env.NGINX || "/usr/sbin/nginx";
const enabled = usingPostgres() && existsSync(NGINX);

type Instance = { proc: ChildProcess; port: number; out: string[] };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

async function startInstance(databaseUrl: string): Promise<Instance> {
  const proc = spawn(
    process.execPath,
    [join(ROOT, "dist/server/qorgan.mjs"), "start", "--port", "0", "--host", "127.0.0.1"],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        QORGAN_TRUSTED_PROXIES: "127.0.0.1",
        QORGAN_AUDIT_CHECKPOINTS: "off",
        QORGAN_LOG: "false",
        QORGAN_DB_POOL: "4",
        // Required on PostgreSQL (the same on every instance): the public test key.
        QORGAN_PD_KEY: TEST_PERSONAL_DATA_KEY,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const out: string[] = [];
  proc.stdout!.on("data", (b) => out.push(String(b)));
  proc.stderr!.on("data", (b) => out.push(String(b)));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`instance did not start: ${out.join("")}`)), 60_000);
    const look = () => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(out.join(""));
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on("data", look);
    proc.on("exit", (code) => reject(new Error(`instance exited (${code}): ${out.join("")}`)));
  });
  return { proc, port, out };
}

/** deploy/nginx.conf as shipped, with these instances upstream and plain HTTP on `port` instead of TLS. */
function nginxSite(ports: number[], port: number): string {
  let conf = readFileSync(join(ROOT, "deploy/nginx.conf"), "utf8");
  const upstream = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n");
  conf = conf.replace(/( {4}server 10\.0\.0\.\d+:8080[^\n]*\n)+/, `${upstream}\n`);
  conf = conf.replace(/server \{\n {4}listen 80;[\s\S]*?\n\}\n/, ""); // the redirect to HTTPS
  conf = conf.replace(/ {4}listen 443 ssl http2;\n/, `    listen 127.0.0.1:${port};\n`);
  conf = conf.replace(/ {4}listen \[::\]:443[^\n]*\n/, "");
  conf = conf.replace(/ {4}ssl_[^\n]*\n/g, "");
  return conf;
}

type Board = {
  events: { id: string; event: string }[];
  opened: number;
  stop(): void;
};

/** A live board as a browser keeps it: reconnects (through nginx) with Last-Event-ID when the stream ends. */
function openBoard(base: string, cookie: string): Board {
  const board: Board = { events: [], opened: 0, stop: () => {} };
  let stopped = false;
  let ctrl = new AbortController();
  board.stop = () => {
    stopped = true;
    ctrl.abort();
  };
  let lastId: string | null = null;
  void (async () => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const res = await fetch(`${base}/api/events/incidents`, {
          headers: { cookie, ...(lastId ? { "last-event-id": lastId } : {}) },
          signal: ctrl.signal,
        });
        if (res.status === 200 && res.body) {
          board.opened++;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buf = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += decoder.decode(value, { stream: true });
            let i = buf.indexOf("\n\n");
            while (i >= 0) {
              const lines = buf.slice(0, i).split("\n");
              buf = buf.slice(i + 2);
              const field = (n: string) => lines.find((l) => l.startsWith(`${n}: `))?.slice(n.length + 2);
              const id = field("id");
              if (id) lastId = id;
              const data = field("data");
              if (field("event") === "incident" && data) board.events.push(JSON.parse(data));
              i = buf.indexOf("\n\n");
            }
          }
        }
      } catch {
        /* cut: reconnect */
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 200)); // the browser's retry delay (shortened)
    }
  })();
  return board;
}

const until = async (cond: () => boolean, ms = 15_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

let database: Database;
let tmp: string;
let nginx: ChildProcess | undefined;
const instances: Instance[] = [];
let base: string;

beforeAll(async () => {
  if (!enabled) return;
  execFileSync(process.execPath, [join(ROOT, "scripts/build-if-changed.mjs"), "server"], { stdio: "ignore" });
  database = await openTestDatabase();
  instances.push(...(await Promise.all([startInstance(database.url!), startInstance(database.url!)])));
  tmp = mkdtempSync(join(tmpdir(), "qorgan-nginx-"));
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(tmp, d));
  const port = await freePort();
  writeFileSync(
    join(tmp, "qorgan.conf"),
    nginxSite(
      instances.map((i) => i.port),
      port,
    ),
  );
  writeFileSync(
    join(tmp, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  include ${tmp}/qorgan.conf;
}
`,
  );
  execFileSync(NGINX, ["-t", "-q", "-p", tmp, "-c", join(tmp, "nginx.conf")]);
  nginx = spawn(NGINX, ["-p", tmp, "-c", join(tmp, "nginx.conf")], { stdio: "ignore" });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 100) throw new Error(`nginx did not answer: ${readFileSync(join(tmp, "error.log"), "utf8")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  nginx?.kill("SIGTERM");
  for (const i of instances) i.proc.kill("SIGKILL");
  await database?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function signIn(username: string, forwardedFor?: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** File a report through nginx, retried with the same Idempotency-Key as the web app's outbox does. */
async function file(cookie: string, territoryCode: string): Promise<{ id: string; key: string }> {
  const key = randomUUID();
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(`${base}/api/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "idempotency-key": key },
      body: JSON.stringify({
        type: "threat_message",
        occurredAt: new Date().toISOString(),
        territoryCode,
        description: `Через балансировщик ${key}`,
      }),
    }).catch(() => null);
    if (res && (res.status === 200 || res.status === 201))
      return { id: ((await res.json()) as { id: string }).id, key };
    if (res && ![502, 503, 504].includes(res.status)) throw new Error(`report refused: ${res.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("report not filed");
}

describe.skipIf(!enabled)("two instances behind nginx (deploy/nginx.conf)", () => {
  it("sessions hold on either instance; the address the audit log records is nginx's view, not a forged header", async () => {
    const cookie = await signIn("hq", "203.0.113.66");
    for (let i = 0; i < 6; i++) {
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200); // round robin: three times on each instance
    }
    const [entry] = await database.query<{ ip: string }>(
      "select ip from audit_event where action = 'auth.sign_in' order by id desc limit 1",
    );
    expect(entry.ip).toBe("127.0.0.1");
  });

  it("one instance killed mid-burst: every report filed once, both boards have each exactly once", async () => {
    const reporter = await signIn("reporter");
    const hq = await signIn("hq");
    // Two boards: round robin puts them on different instances, so one is on the instance killed.
    const boards = [openBoard(base, hq), openBoard(base, hq)];
    await until(() => boards.every((b) => b.opened === 1));
    const filed: string[] = [];
    let killed = false;
    const burst = (async () => {
      for (let g = 0; g < 10; g++) {
        const group = await Promise.all(
          Array.from({ length: 3 }, (_, k) => file(reporter, k % 2 ? "751710000" : "750000000")),
        );
        filed.push(...group.map((r) => r.id));
        if (g === 3) {
          instances[0].proc.kill("SIGKILL");
          killed = true;
        }
      }
    })();
    await burst;
    expect(killed).toBe(true);
    const seenOnce = (b: Board) => {
      const reported = b.events.filter((e) => e.event === "reported").map((e) => e.id);
      return reported.length === filed.length && new Set(reported).size === filed.length;
    };
    await until(() => boards.every((b) => filed.every((id) => b.events.some((e) => e.id === id))), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const b of boards) expect(seenOnce(b)).toBe(true);
    // The board that was on the killed instance came back (through nginx, to the other one).
    expect(boards.some((b) => b.opened > 1)).toBe(true);
    const [{ n }] = await database.query<{ n: number }>(
      "select count(*)::int as n from incident where id = any($1::uuid[])",
      [filed],
    );
    expect(n).toBe(filed.length);
    expect(new Set(filed).size).toBe(filed.length);
    for (const b of boards) b.stop();
  });
});
