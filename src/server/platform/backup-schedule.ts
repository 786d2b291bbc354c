/**
 * Scheduled backups of the embedded database by the running server (backup.ts): every
 * QORGAN_BACKUP_EVERY_MINUTES into QORGAN_BACKUP_DIR as `qorgan-<UTC time>.tar.gz`, keeping the
 * QORGAN_BACKUP_KEEP newest of those files (others in the directory are never touched).
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { backupTo } from "./backup";
import { backupSocketPath, serveBackups } from "./backup-socket";
import type { Database } from "./db";
import { errorSummary } from "./errors";

export type BackupSchedule = { dir: string; everyMinutes: number; keep: number };

const NAME = /^qorgan-\d{8}T\d{6}Z\.tar\.gz$/;

/** The file name of a backup taken at `at` (sorts by time). */
export const backupFileName = (at: Date) =>
  `qorgan-${at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar.gz`;

/** Take one backup into the directory and delete the oldest beyond `keep`. Returns the file. */
export async function backupIntoDir(database: Database, dir: string, keep: number): Promise<string> {
  const file = join(dir, backupFileName(new Date()));
  await backupTo(database, file);
  const ours = readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - Math.max(1, keep)))) rmSync(join(dir, old));
  return file;
}

/** Back up on the schedule until the returned function is called (which waits for one running). */
export function startBackupSchedule(
  database: Database,
  schedule: BackupSchedule,
  log: (m: string) => void,
): () => Promise<void> {
  let current: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    current = backupIntoDir(database, schedule.dir, schedule.keep).then(
      (file) => log(`backup written: ${file}`),
      (e) => log(`backup failed: ${errorSummary(e)}`),
    );
  }, Math.max(1, schedule.everyMinutes) * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}

/**
 * What the running server does for backups of the embedded database: answer `qorgan backup` on the
 * data directory's socket and, with a schedule, back up by itself. Nothing on PostgreSQL (pg_dump,
 * PITR) or in memory. Returns the way to stop both.
 */
export async function startOnlineBackups(
  database: Database,
  opts: { dataDir: string; schedule?: BackupSchedule },
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  if (database.driver !== "pglite" || opts.dataDir.startsWith("memory://")) {
    if (opts.schedule)
      log("QORGAN_BACKUP_DIR is for the embedded database: on PostgreSQL use pg_dump or PITR");
    return async () => {};
  }
  const stopSocket = await serveBackups(database, backupSocketPath(opts.dataDir), log);
  const stopSchedule = opts.schedule ? startBackupSchedule(database, opts.schedule, log) : async () => {};
  return async () => {
    await stopSchedule();
    await stopSocket();
  };
}
