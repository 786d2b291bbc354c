/** The embedded data directory: locked against a second process; backup → restore round trip. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
});
