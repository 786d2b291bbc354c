/**
 * `qorgan backup` while the server runs: the server has the embedded data directory open (and
 * locked), so the command asks it for the copy through a Unix socket beside the data directory,
 * `<data-dir>.backup.sock`, mode 0600 — only the server's account (and root) may connect, the same
 * who may read the data directory itself; no password, nothing on the network. The client writes
 * `backup\n`; the server answers `ok <bytes>\n` and the .tar.gz, or `error <message>\n`.
 */
import { chmodSync, existsSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { dumpOnline } from "./backup";
import type { Database } from "./db";

export const backupSocketPath = (dataDir: string) => `${dataDir.replace(/\/+$/, "")}.backup.sock`;

/** Serve backups on the socket (the caller holds the data-dir lock); returns the way to stop. */
export async function serveBackups(
  database: Database,
  socketPath: string,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  // Left by a server that was killed: the data-dir lock says no other process has the directory.
  if (existsSync(socketPath)) rmSync(socketPath);
  const server: Server = createServer((socket) => {
    let asked = "";
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      asked += chunk.toString("latin1");
      if (!asked.includes("\n")) {
        if (asked.length > 64) socket.destroy();
        return;
      }
      socket.pause();
      if (asked.split("\n")[0] !== "backup") {
        socket.end("error unknown request\n");
        return;
      }
      dumpOnline(database).then(
        (bytes) => {
          log(`backup sent to a local client (${bytes.length} bytes)`);
          socket.write(`ok ${bytes.length}\n`);
          socket.end(bytes);
        },
        (e: Error) => socket.end(`error ${e.message.replace(/\n/g, " ")}\n`),
      );
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(socketPath, () => ok());
  });
  chmodSync(socketPath, 0o600);
  return () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      rmSync(socketPath, { force: true });
    });
}

/**
 * Ask the server on `socketPath` for a backup; resolves with its bytes, or null when no server
 * listens there (no socket, or one left by a stopped server).
 */
export function backupFromServer(socketPath: string): Promise<Buffer | null> {
  if (!existsSync(socketPath)) return Promise.resolve(null);
  return new Promise((ok, fail) => {
    const socket = createConnection(socketPath);
    const chunks: Buffer[] = [];
    let connected = false;
    socket.on("connect", () => {
      connected = true;
      socket.write("backup\n");
    });
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (!connected && (e.code === "ECONNREFUSED" || e.code === "ENOENT")) ok(null);
      else fail(e);
    });
    socket.on("end", () => {
      const all = Buffer.concat(chunks);
      const eol = all.indexOf(10);
      const head = all.subarray(0, eol < 0 ? all.length : eol).toString("utf8");
      const body = all.subarray(eol + 1);
      const ok_ = /^ok (\d+)$/.exec(head);
      if (!ok_) return fail(new Error(`the server did not back up: ${head.replace(/^error /, "")}`));
      if (body.length !== Number(ok_[1])) return fail(new Error("the server's backup was cut short"));
      ok(body);
    });
  });
}
