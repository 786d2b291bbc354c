/**
 * Backup and restore of the embedded database (PGlite never fsyncs: an OS crash can lose recent
 * commits, so scheduled backups are the answer). With a PostgreSQL server use pg_dump instead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Database } from "./db";
import { lockDataDir } from "./lock";

/** Write a consistent copy of an open embedded database to `file` (.tar.gz). Returns its size. */
export async function backupTo(database: Database, file: string): Promise<number> {
  if (!database.pglite) throw new Error("backup covers the embedded database; with DATABASE_URL use pg_dump");
  const blob = await database.pglite.dumpDataDir("gzip");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  return blob.size;
}

/** Restore a backup into `dataDir` (must be empty unless `force`). Holds the data-dir lock meanwhile. */
export async function restoreFrom(file: string, dataDir: string, force = false): Promise<void> {
  if (!existsSync(file)) throw new Error(`No such file: ${file}`);
  const lock = lockDataDir(dataDir);
  try {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      if (!force) throw new Error(`${dataDir} is not empty; use --force to replace it`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    const pg = await PGlite.create(dataDir, {
      loadDataDir: new Blob([readFileSync(file)]),
      extensions: { pg_trgm },
    });
    await pg.query("select 1");
    await pg.close();
  } finally {
    lock.release();
  }
}
