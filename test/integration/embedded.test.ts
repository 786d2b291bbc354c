/** The embedded data directory: locked against a second process; backup → restore round trip. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { backupTo, restoreFrom } from "../../src/server/platform/backup";
import { migrateDatabase, openDatabase } from "../../src/server/platform/db";
import { DataDirLockedError } from "../../src/server/platform/lock";
import { usingPostgres } from "../support/db";

const ROOT = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "qorgan-embedded-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(usingPostgres())("embedded database (PGlite)", () => {
  it("a second process on the same data directory gets a clear error and touches nothing", async () => {
    const dir = join(work, "db");
    const first = await openDatabase({ dataDir: dir });
    try {
      await migrateDatabase(first);
      await first.query("create table marker (v int)");
      await first.query("insert into marker values (42)");
      const snapshot = readdirSync(dir)
        .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
        .sort();
      // In-process: the lock refuses.
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      // Another process: the CLI exits non-zero with a plain message.
      const r = spawnSync(process.execPath, [join(ROOT, "bin/qorgan.mjs"), "migrate", "--data-dir", dir], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: "" },
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/in use by another Qorgan process/);
      expect(
        readdirSync(dir)
          .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
          .sort(),
      ).toEqual(snapshot);
      expect(await first.query("select v from marker")).toEqual([{ v: 42 }]);
    } finally {
      await first.close();
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it("backup and restore round-trip the data", async () => {
    const dir = join(work, "src");
    const db = await openDatabase({ dataDir: dir });
    const file = join(work, "backup.tar.gz");
    try {
      await migrateDatabase(db);
      await db.query("create table marker (v text)");
      await db.query("insert into marker values ('Қорған ✓')");
      expect(await backupTo(db, file)).toBeGreaterThan(1000);
      await db.query("insert into marker values ('after backup')");
    } finally {
      await db.close();
    }
    const target = join(work, "restored");
    await restoreFrom(file, target);
    await expect(restoreFrom(file, target)).rejects.toThrow(/not empty/);
    const back = await openDatabase({ dataDir: target });
    try {
      expect(await back.query("select v from marker")).toEqual([{ v: "Қорған ✓" }]);
      const [m] = await back.query<{ n: string }>(
        "select count(*)::text as n from drizzle.__drizzle_migrations",
      );
      expect(Number(m?.n ?? 0)).toBeGreaterThan(0);
    } finally {
      await back.close();
    }
  });

  it("qorgan user add creates an audited account; qorgan audit verify passes, then flags tampering (exit 1)", async () => {
    const dir = join(work, "cli");
    const db = await openDatabase({ dataDir: dir });
    let bodyId: string;
    try {
      await migrateDatabase(db);
      await db.query(
        "insert into territory (code, level, type, name_kk, name_ru, name_en, path, search_text) values ('KZ', 0, 'republic', 'ҚР', 'РК', 'RK', 'KZ', 'кр')",
      );
      [{ id: bodyId }] = await db.query<{ id: string }>(
        "insert into body (kind, name_kk, name_ru, territory_code, search_text) values ('atc', 'ТҚО', 'АТЦ', 'KZ', 'атц') returning id",
      );
    } finally {
      await db.close();
    }
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(ROOT, "bin/qorgan.mjs"), ...args, "--data-dir", dir], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: "", ...env },
        timeout: 60_000,
      });
    const add = cli(
      [
        "user",
        "add",
        "--username",
        "ops1",
        "--name",
        "Operator One",
        "--role",
        "auditor",
        "--body",
        bodyId,
        "--territory",
        "KZ",
      ],
      {
        QORGAN_PASSWORD: "a-long-enough-password",
      },
    );
    expect(add.stderr).toBe("");
    expect(add.stdout).toMatch(/Account ops1 created/);
    const weak = cli(
      [
        "user",
        "add",
        "--username",
        "ops2",
        "--name",
        "X",
        "--role",
        "auditor",
        "--body",
        bodyId,
        "--territory",
        "KZ",
      ],
      {
        QORGAN_PASSWORD: "short",
      },
    );
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/password_short/);

    const ok = cli(["audit", "verify"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/intact: 1 entries/);

    const again = await openDatabase({ dataDir: dir });
    try {
      const [u] = await again.query<{ password_hash: string }>(
        "select password_hash from app_user where username = 'ops1'",
      );
      expect(u.password_hash).toMatch(/^\$argon2id\$/);
      await again.db.transaction(async (tx) => {
        await tx.execute(sql.raw("set local session_replication_role = replica"));
        await tx.execute(sql.raw("update audit_event set actor_name = 'someone-else'"));
      });
    } finally {
      await again.close();
    }
    const bad = cli(["audit", "verify"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/TAMPERED/);
  });
});

describe.skipIf(usingPostgres())("a report survives a server killed mid-way", () => {
  it("the client's retry with the same key after a restart files the report exactly once", async () => {
    const { ensurePgliteTemplate } = await import("../support/template");
    const dir = join(work, "crash");
    await restoreFrom(await ensurePgliteTemplate(), dir);
    const port = 19_500 + Math.floor(Math.random() * 400);
    const { spawn } = await import("node:child_process");
    const start = () =>
      new Promise<import("node:child_process").ChildProcess>((resolveStart, reject) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, "bin/qorgan.mjs"), "start", "--data-dir", dir, "--port", String(port)],
          {
            env: { ...process.env, DATABASE_URL: "", QORGAN_LOG: "false" },
          },
        );
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("is running at")) resolveStart(child);
        });
        child.stderr.on("data", (d) => {
          out += d;
        });
        child.on("exit", (c) => reject(new Error(`server exited ${c}: ${out}`)));
      });
    const base = `http://127.0.0.1:${port}`;
    const key = "crash-test-0000-0001";
    const body = JSON.stringify({
      type: "explosion",
      occurredAt: new Date().toISOString(),
      territoryCode: "750000000",
      description: "kill -9",
    });

    let server = await start();
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "reporter", password: "qorgan-demo-2026" }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const headers = { "content-type": "application/json", cookie, "idempotency-key": key };
    // Send, and kill the server while the request is in flight: the client gets no answer.
    const inFlight = fetch(`${base}/api/incidents`, { method: "POST", headers, body }).then(
      (r) => r.status,
      () => "no answer",
    );
    await new Promise((r) => setTimeout(r, 15));
    server.removeAllListeners("exit");
    // Listen for the exit before killing: it may come while the request's failure is awaited.
    const killed = new Promise((r) => server.once("exit", r));
    server.kill("SIGKILL");
    await inFlight;
    await killed;

    // Restart (the stale lock of the killed process is recognised) and retry with the same key.
    server = await start();
    try {
      const retry = await fetch(`${base}/api/incidents`, { method: "POST", headers, body });
      expect([200, 201]).toContain(retry.status);
      const again = await fetch(`${base}/api/incidents`, { method: "POST", headers, body });
      expect(again.status).toBe(200);
      expect((await again.json()).id).toBe((await retry.json()).id);
    } finally {
      server.removeAllListeners("exit");
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    const db = await openDatabase({ dataDir: dir });
    try {
      const [{ n }] = await db.query<{ n: string }>(
        `select count(*)::text as n from incident where idempotency_key = '${key}'`,
      );
      expect(n).toBe("1");
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.skipIf(usingPostgres())("the bundled server that npm start runs", () => {
  it("is built to dist/ and finds its migrations, reference data and rules text from there", async () => {
    const build = spawnSync("npm", ["run", "--silent", "build:server"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
    const { ensurePgliteTemplate } = await import("../support/template");
    const dir = join(work, "bundle");
    await restoreFrom(await ensurePgliteTemplate(), dir);
    const port = 19_900 + Math.floor(Math.random() * 90);
    const { spawn } = await import("node:child_process");
    const child = spawn(
      process.execPath,
      [join(ROOT, "dist/server/qorgan.mjs"), "start", "--data-dir", dir, "--port", String(port)],
      { env: { ...process.env, DATABASE_URL: "", QORGAN_LOG: "false" } },
    );
    try {
      await new Promise<void>((ok, fail) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("is running at")) ok();
        });
        child.stderr.on("data", (d) => {
          out += d;
        });
        child.on("exit", (c) => fail(new Error(`bundled server exited ${c}: ${out}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const rules = (await (await fetch(`${base}/api/rules`)).json()) as {
        items: { id: string; textKk: string }[];
      };
      expect(rules.items.find((r) => r.id === "R16")?.textKk).toMatch(/терроризм/i);
    } finally {
      child.removeAllListeners("exit");
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }, 120_000);
});
