/**
 * Hardening issue: backups of the embedded database while the server runs. Reports are filed through
 * the API without pause while the server takes a backup (asked through its socket, as `qorgan backup`
 * does); the backup restored into a new data directory holds every report acknowledged before the
 * backup was asked for, and its audit chain verifies. Then the command itself, and the schedule's
 * retention.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/server/config";
import { startServer } from "../../src/server/main";
import { verifyAuditLog } from "../../src/server/modules/audit";
import { restoreFrom, writeBackupFile } from "../../src/server/platform/backup";
import { backupIntoDir } from "../../src/server/platform/backup-schedule";
import { backupFromServer, backupSocketPath } from "../../src/server/platform/backup-socket";
import { openDatabase } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { usingPostgres } from "../support/db";
import { ensurePgliteTemplate } from "../support/template";

const ROOT = resolve(import.meta.dirname, "../..");
let tmp: string;
let server: Awaited<ReturnType<typeof startServer>>;
const dataDir = () => join(tmp, "db");

beforeAll(async () => {
  if (usingPostgres()) return;
  tmp = mkdtempSync(join(tmpdir(), "qorgan-online-backup-"));
  await restoreFrom(await ensurePgliteTemplate(), dataDir());
  const env = configFromEnv({ QORGAN_LOG: "false", QORGAN_AUDIT_CHECKPOINTS: "off" });
  server = await startServer({ ...env, dataDir: dataDir(), port: 0, logger: false }, () => {});
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(usingPostgres())("online backup of the embedded database", () => {
  it("under a stream of reports: the restored copy has every report acknowledged before it, and a sound audit chain", async () => {
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "reporter", password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers.get("set-cookie")).split(";")[0];
    const acknowledged: string[] = [];
    let stop = false;
    let failed = 0;
    const fileOne = async () => {
      const res = await fetch(`${server.url}/api/incidents`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "idempotency-key": randomUUID() },
        body: JSON.stringify({
          type: "explosion",
          occurredAt: new Date().toISOString(),
          territoryCode: "750000000",
          description: `Online backup load ${randomUUID()}`,
        }),
      });
      if (res.status === 201) acknowledged.push((await res.json()).id);
      else failed++;
    };
    const writers = Array.from({ length: 6 }, async () => {
      while (!stop && !failed) await fileOne().catch(() => failed++);
    });
    while (acknowledged.length < 30 && !failed) await new Promise((r) => setTimeout(r, 50));
    const before = [...acknowledged];
    const bytes = await backupFromServer(backupSocketPath(dataDir()));
    const during = acknowledged.length - before.length;
    while (acknowledged.length < before.length + during + 20 && !failed)
      await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await Promise.all(writers);
    expect(failed).toBe(0);
    expect(bytes).not.toBeNull();
    const file = join(tmp, "online.tar.gz");
    writeBackupFile(file, bytes!);

    const restored = join(tmp, "restored");
    await restoreFrom(file, restored);
    const copy = await openDatabase({ dataDir: restored });
    try {
      const present = await copy.query<{ id: string }>("select id from incident where id = any($1)", [
        before,
      ]);
      expect(present.length).toBe(before.length);
      // Reports filed after the backup was taken are not in it (some were filed meanwhile and after).
      const all = await copy.query<{ id: string }>("select id from incident where id = any($1)", [
        acknowledged,
      ]);
      expect(all.length).toBeLessThan(acknowledged.length);
      const report = await verifyAuditLog(copy, {});
      expect(report.chain.ok).toBe(true);
      expect(report.chain.checked).toBeGreaterThan(before.length);
    } finally {
      await copy.close();
    }
  });

  it("`qorgan backup` asks the running server instead of opening its data directory", async () => {
    const file = join(tmp, "cli.tar.gz");
    // Not spawnSync: the server runs in this process and must answer meanwhile.
    const run = await promisify(execFile)(
      process.execPath,
      [join(ROOT, "bin/qorgan.mjs"), "backup", file, "--data-dir", dataDir()],
      { env: { ...process.env, DATABASE_URL: "" }, encoding: "utf8", timeout: 120_000 },
    );
    expect(run.stdout).toMatch(/taken by the running server/);
    expect(statSync(file).size).toBeGreaterThan(1000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(backupSocketPath(dataDir())).mode & 0o777).toBe(0o600);
  });

  it("a schedule keeps the newest backups only, and touches no other file", async () => {
    const dir = join(tmp, "scheduled");
    mkdirSync(dir);
    writeFileSync(join(dir, "keep-me.txt"), "");
    writeFileSync(join(dir, "qorgan-20200101T000000Z.tar.gz"), "old");
    writeFileSync(join(dir, "qorgan-20200102T000000Z.tar.gz"), "old");
    const file = await backupIntoDir(server.database, dir, 2);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(
      ["keep-me.txt", "qorgan-20200102T000000Z.tar.gz", file.split("/").pop()!].sort(),
    );
  });
});
