/**
 * PGlite takes no lock on its data directory and two processes on one directory corrupt it.
 * We hold an exclusive lock file beside the directory for the life of the process.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `The data directory is in use by another Qorgan process (pid ${pid}). ` +
        `Stop that process first, or point QORGAN_DATA_DIR at another directory. Lock file: ${lockPath}`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type DirLock = { path: string; release(): void };

export function lockDataDir(dataDir: string): DirLock {
  const path = `${dataDir.replace(/\/+$/, "")}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, "utf8").trim() === String(process.pid)) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(path, pid);
      }
      if (pid === process.pid) throw new DataDirLockedError(path, pid);
      // Stale lock from a process that died: remove it and try again.
      try {
        unlinkSync(path);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}
