/**
 * Logs : request lines and operational lines apart. QORGAN_LOG=false
 * keeps its meaning — no request lines — but no longer silences the jobs' warnings and errors, which
 * are JSON lines (pino) with a level, as are unhandled errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { configFromEnv } from "../../src/server/config";
import { startServer } from "../../src/server/main";
import { TEST_PERSONAL_DATA_KEY } from "../../src/server/modules/affected-people";
import { restoreFrom } from "../../src/server/platform/backup";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase, usingPostgres } from "../support/db";
import { ensurePgliteTemplate } from "../support/template";

type Line = { level: number; msg: string; [k: string]: unknown };

function capture() {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, stream };
}

const isRequestLine = (l: Line) => l.msg === "incoming request" || l.msg === "request completed";
const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

let tmp: string;
let database: Database | undefined;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "qorgan-logs-"));
});
afterAll(async () => {
  await database?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("settings", () => {
  it("QORGAN_LOG=false means no request lines; QORGAN_REQUEST_LOG says it explicitly; logging stays on", () => {
    expect(configFromEnv({})).toMatchObject({ logger: true, requestLog: true, logLevel: "info" });
    expect(configFromEnv({ QORGAN_LOG: "false" })).toMatchObject({ logger: true, requestLog: false });
    expect(configFromEnv({ QORGAN_REQUEST_LOG: "false" })).toMatchObject({ requestLog: false });
    expect(configFromEnv({ QORGAN_LOG: "false", QORGAN_REQUEST_LOG: "true" })).toMatchObject({
      requestLog: true,
    });
    expect(configFromEnv({ QORGAN_LOG_LEVEL: "warn" })).toMatchObject({ logLevel: "warn" });
  });
});

describe("the server's log", () => {
  it("with QORGAN_LOG=false: no request lines, but a failing job is logged as an error (JSON, level 50)", async () => {
    const { lines, stream } = capture();
    // A job that fails at start: audit checkpoints into a "directory" that is a file.
    const notADir = join(tmp, "not-a-dir");
    writeFileSync(notADir, "");
    let dataDir = join(tmp, "db");
    if (usingPostgres()) database = await openTestDatabase();
    else await restoreFrom(await ensurePgliteTemplate(), dataDir);
    const env = configFromEnv({
      QORGAN_LOG: "false",
      QORGAN_AUDIT_KEY: join(tmp, "audit-key.pem"),
      QORGAN_AUDIT_CHECKPOINT_DIR: notADir,
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
    });
    if (database) dataDir = env.dataDir;
    // On PostgreSQL the personal-data key is required (read from the environment): the public test key.
    const hadKey = process.env.QORGAN_PD_KEY;
    process.env.QORGAN_PD_KEY = TEST_PERSONAL_DATA_KEY;
    const server = await startServer({ ...env, dataDir, port: 0, logStream: stream }, () => {}).finally(
      () => {
        if (hadKey === undefined) delete process.env.QORGAN_PD_KEY;
        else process.env.QORGAN_PD_KEY = hadKey;
      },
    );
    try {
      await until(() => lines.some((l) => l.msg.startsWith("audit checkpoint failed")));
      expect(lines.find((l) => l.msg.startsWith("audit checkpoint failed"))?.level).toBe(50);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/no-such-route`)).status).toBe(404);
      server.app.log.warn("a job's warning");
      await until(() => lines.some((l) => l.msg === "a job's warning"));
      expect(lines.find((l) => l.msg === "a job's warning")?.level).toBe(40);
      expect(lines.filter(isRequestLine)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("request lines when asked; an unhandled error is logged with its class and code, never its message", async () => {
    database ??= await openTestDatabase();
    const { lines, stream } = capture();
    const app = await buildApp({ database, config: { logger: true, requestLog: true, logStream: stream } });
    app.get("/api/test-boom", async () => {
      throw Object.assign(new Error("select secret from somewhere"), { code: "XX000" });
    });
    try {
      expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
      expect((await app.inject({ url: "/api/test-boom" })).statusCode).toBe(500);
      expect(lines.filter(isRequestLine).length).toBeGreaterThanOrEqual(4);
      const err = lines.find((l) => l.msg === "unhandled error")!;
      expect(err.level).toBe(50);
      expect(err.err).toMatchObject({ type: "Error", code: "XX000" });
      expect(JSON.stringify(lines)).not.toContain("secret");
    } finally {
      await app.close();
    }
  });
});
