/**
 * What the benchmarks share: quantiles, a demo account's session cookie, a server in its own process,
 * and a throwaway PostgreSQL database on the test cluster (scripts/pg-test-cluster.sh, started when
 * needed and stopped again only if this run started it) or on BENCH_DATABASE_URL.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";

export const ROOT = resolve(import.meta.dirname, "..");
export const log = (m: string) => process.stdout.write(`${m}\n`);

/** The q-quantile of the samples (NaN when there are none). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
}

/** Signs a demo account in; its session cookie ("name=value"). Extra headers e.g. a forwarded address. */
export async function cookieFor(base: string, username: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
  return (r.headers.get("set-cookie") ?? "").split(";")[0];
}

/** A Node child process (cwd: the project), resolved once its output matches `ready`. */
export function child(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const c = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, QORGAN_LOG: "false", ...env },
  });
  return new Promise((ok, fail) => {
    let out = "";
    const on = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) ok(c);
    };
    c.stdout?.on("data", on);
    c.stderr?.on("data", (d) => (out += d.toString()));
    c.on("exit", (code) => fail(new Error(`exited ${code}: ${out.slice(-2000)}`)));
  });
}

/** Stops a child process and waits for it to end. */
export const stop = (c: ChildProcess, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((ok) => {
    c.removeAllListeners("exit");
    c.once("exit", () => ok());
    c.kill(signal);
  });

/**
 * Runs `work` with the URL of a fresh, empty database `name` on PostgreSQL, dropped afterwards; the
 * cluster is BENCH_DATABASE_URL's, or the test cluster (left running when it already was).
 */
export async function withPostgresDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  let url = process.env.BENCH_DATABASE_URL;
  let own = false;
  if (!url) {
    const running = existsSync(resolve(ROOT, ".tmp/pg/url"));
    url = execFileSync("bash", ["scripts/pg-test-cluster.sh", "start"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    own = !running;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    return await work(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    if (own) execFileSync("bash", ["scripts/pg-test-cluster.sh", "stop"], { cwd: ROOT });
  }
}
