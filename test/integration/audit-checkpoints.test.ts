/**
 * Signed audit checkpoints : the log cut short, a range rewritten with the later hashes
 * recomputed (both pass the chain check), and a forged checkpoint are all named by `audit verify`.
 * The attacker has the database owner's rights: the append-only trigger is disabled, not bypassed.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckpointPayload,
  checkpointSettingsFrom,
  listCheckpointFiles,
  signCheckpoint,
  startCheckpointWriter,
  writeCheckpoint,
} from "../../src/server/modules/audit/audit.checkpoints";
import { ensureSigningKey, type SigningKey } from "../../src/server/modules/audit/audit.keys";
import {
  auditAlone,
  canonicalJson,
  entryHash,
  verifyAudit,
} from "../../src/server/modules/audit/audit.service";
import { auditReportLines, verifyAuditLog } from "../../src/server/modules/audit/audit.verify";
import { backupTo, restoreFrom } from "../../src/server/platform/backup";
import { systemContext } from "../../src/server/platform/context";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { openTestDatabase, usingPostgres } from "../support/db";
import { ROOT } from "../support/template";

let database: Database;
let work: string;
let key: SigningKey;

beforeAll(async () => {
  database = await openTestDatabase();
  work = mkdtempSync(join(tmpdir(), "qorgan-checkpoints-"));
  key = ensureSigningKey(join(work, "keys", "audit-key.pem"));
});
afterAll(async () => {
  await database?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

let counter = 0;
/** `n` new audit entries. */
async function add(n: number, db = database): Promise<void> {
  for (let i = 0; i < n; i++)
    await auditAlone(db, systemContext("test:checkpoints"), {
      action: "body.updated",
      entityType: "body",
      entityId: `cp-${counter++}`,
      after: { n: counter },
    });
}

async function checkpoint(dir: string, db = database): Promise<CheckpointPayload> {
  const r = await writeCheckpoint(db, key, dir);
  if (!("written" in r)) throw new Error(`no checkpoint: ${r.skipped}`);
  return r.payload;
}

const verify = (dir: string, publicKeyPath = key.publicKeyPath) =>
  verifyAuditLog(database, { dir, publicKeyPath });

/** As the table's owner: the append-only trigger off for the statements, then on again. */
async function asAttacker(db: Database, ...statements: string[]): Promise<void> {
  await db.db.transaction(async (tx) => {
    await tx.execute(sql.raw("alter table audit_event disable trigger audit_event_no_update"));
    for (const s of statements) await tx.execute(sql.raw(s));
    await tx.execute(sql.raw("alter table audit_event enable trigger audit_event_no_update"));
  });
}

type Row = Record<string, unknown> & { id: number | string; prev_hash: string; hash: string };

/**
 * Rewrite entry `id` (its `after`) and recompute every hash from it to the end of the log, as an
 * attacker with the source code would: the chain verifies afterwards.
 */
async function rewriteAndRechain(id: number): Promise<void> {
  const rows = await database.query<Row>(
    `select id, at, actor_id, actor_name, action, entity_type, entity_id, territory_path, before, after,
            outcome, request_id, ip, prev_hash, hash from audit_event where id >= ${id} order by id`,
  );
  let prev = rows[0].prev_hash;
  const updates: string[] = [];
  for (const r of rows) {
    const after = Number(r.id) === id ? { forged: true } : r.after;
    const h = entryHash(prev, {
      at: new Date(r.at as string),
      actorId: (r.actor_id as string | null) ?? null,
      actorName: r.actor_name as string,
      action: r.action as string,
      entityType: r.entity_type as string,
      entityId: r.entity_id as string,
      territoryPath: r.territory_path as string,
      before: r.before,
      after,
      outcome: r.outcome as string,
      requestId: r.request_id as string,
      ip: r.ip as string,
    });
    const afterSql = `'${canonicalJson(after).replace(/'/g, "''")}'::jsonb`;
    updates.push(
      `update audit_event set after = ${afterSql}, prev_hash = '${prev}', hash = '${h}' where id = ${r.id}`,
    );
    prev = h;
  }
  await asAttacker(database, ...updates);
}

const lastId = async (db = database) =>
  Number((await db.query<{ id: string }>("select max(id)::text as id from audit_event"))[0].id);

describe("audit checkpoints", () => {
  it("the key: mode 0600, its public key next to it; settings by database kind", () => {
    expect(statSync(key.keyPath).mode & 0o777).toBe(0o600);
    expect(key.publicKeyPath).toBe(join(work, "keys", "audit-key.pub.pem"));
    expect(readFileSync(key.publicKeyPath, "utf8")).toMatch(/BEGIN PUBLIC KEY/);
    expect(ensureSigningKey(key.keyPath)).toMatchObject({ keyId: key.keyId, created: false });

    expect(checkpointSettingsFrom({ dataDir: "/srv/q/db/" })).toEqual({
      settings: {
        keyPath: "/srv/q/db.audit-key.pem",
        publicKeyPath: "/srv/q/db.audit-key.pub.pem",
        dir: "/srv/q/db.audit-checkpoints",
        everyMs: 600_000,
      },
    });
    expect(checkpointSettingsFrom({ dataDir: "x", databaseUrl: "postgres://h/q" })).toHaveProperty("off");
    expect(() =>
      checkpointSettingsFrom({ dataDir: "x", databaseUrl: "postgres://h/q", auditKey: "/k.pem" }),
    ).toThrow(/QORGAN_AUDIT_CHECKPOINT_DIR/);
    expect(checkpointSettingsFrom({ dataDir: "memory://" })).toHaveProperty("off");
    expect(checkpointSettingsFrom({ dataDir: "x", auditCheckpoints: false })).toHaveProperty("off");
  });

  it("happy path: checkpoints extend each other, skip an unmoved head, and the log verifies", async () => {
    const dir = join(work, "happy");
    await add(3);
    const first = await checkpoint(dir);
    const [{ n }] = await database.query<{ n: string }>("select count(*)::text as n from audit_event");
    expect(first.length).toBe(Number(n));
    expect(first.headId).toBe(await lastId());
    expect(await writeCheckpoint(database, key, dir)).toEqual({
      skipped: expect.stringMatching(/has not moved/),
    });
    await add(2);
    // Two instances at once: one writes, the other skips (advisory lock, or the head already taken).
    const both = await Promise.all([
      writeCheckpoint(database, key, dir),
      writeCheckpoint(database, key, dir),
    ]);
    expect(both.filter((r) => "written" in r)).toHaveLength(1);
    const files = listCheckpointFiles(dir);
    expect(files).toHaveLength(2);
    const second = JSON.parse(readFileSync(join(dir, files[1]), "utf8"));
    expect(second.payload).toMatchObject({ length: first.length + 2, keyId: key.keyId });
    expect(second.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const r = await verify(dir);
    expect(r.checkpoints.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, checkpoints: { files: 2, valid: 2 } });
    const { out, err } = auditReportLines(r);
    expect(err).toEqual([]);
    expect(out.join("\n")).toMatch(
      /Audit log intact: \d+ entries checked\.\nCheckpoints: 2 of 2 .* signed by key/,
    );
  });

  it("the writer checkpoints at start and once more when stopped", async () => {
    const dir = join(work, "writer");
    const warnings: string[] = [];
    const stop = startCheckpointWriter(database, key, dir, 60_000, (m) => warnings.push(m));
    // The start's checkpoint written first: taken after the entry below, it would already hold it and
    // the one at stop would have nothing new to sign.
    await expect.poll(() => listCheckpointFiles(dir).length).toBe(1);
    await add(1);
    await stop();
    const files = listCheckpointFiles(dir);
    expect(files).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(dir, files[1]), "utf8")).payload.headId).toBe(await lastId());
    expect(warnings).toEqual([]);
  });

  it("the last entry deleted: entries missing after the checkpoint", async () => {
    const dir = join(work, "cut");
    await add(2);
    const cp = await checkpoint(dir);
    await asAttacker(database, `delete from audit_event where id = ${cp.headId}`);
    expect((await verifyAudit(database)).ok).toBe(true); // the chain alone does not notice

    const cut = await verify(dir);
    expect(cut.ok).toBe(false);
    expect(cut.checkpoints.problems).toEqual([
      expect.objectContaining({ kind: "missing", toId: cp.headId, afterId: cp.headId - 1 }),
    ]);
    const { err } = auditReportLines(cut);
    expect(err[0]).toMatch(/^Audit log TAMPERED: 1 problem/);
    expect(err[1]).toMatch(
      new RegExp(
        `entries missing after checkpoint checkpoint-\\S+-${cp.length}\\.json: it records ${cp.length} entries ending with #${cp.headId}.*cut short by at least 1 entry`,
      ),
    );

    // The log goes on: the writer warns and checkpoints the new head; verify still names the cut.
    await add(2);
    const next = await writeCheckpoint(database, key, dir);
    expect(next).toMatchObject({ warning: expect.stringMatching(/no longer extends checkpoint/) });
    const went = await verify(dir);
    expect(went.ok).toBe(false);
    expect(went.checkpoints.problems).toEqual([
      expect.objectContaining({ kind: "missing", toId: cp.headId }),
    ]);
    expect(went.checkpoints.problems[0].message).toMatch(
      new RegExp(`entries missing after checkpoint .*entry #${cp.headId} .* is gone`),
    );
  });

  it("a middle range rewritten and the chain recomputed: the rewritten range is named", async () => {
    const dir = join(work, "rewrite");
    await add(2);
    const a = await checkpoint(dir);
    await add(3);
    const b = await checkpoint(dir);
    await add(2);
    await checkpoint(dir);
    await rewriteAndRechain(a.headId + 2);
    expect((await verifyAudit(database)).ok).toBe(true); // the chain alone does not notice

    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(r.checkpoints.problems).toEqual([
      expect.objectContaining({ kind: "rewritten", afterId: a.headId, toId: b.headId }),
      expect.objectContaining({ kind: "rewritten", message: expect.stringMatching(/1 later checkpoint/) }),
    ]);
    expect(auditReportLines(r).err[1]).toMatch(
      new RegExp(
        `rewritten range: entries after #${a.headId} \\(checkpoint \\S+\\) up to #${b.headId} no longer match`,
      ),
    );
  });

  it("a forged checkpoint (edited, or signed with another key): bad signature", async () => {
    const dir = join(work, "forged");
    await add(1);
    const good = await checkpoint(dir);
    expect((await verify(dir)).ok).toBe(true);
    // Edited: the head hash changed (to cover a rewritten log).
    const [name] = listCheckpointFiles(dir);
    const file = JSON.parse(readFileSync(join(dir, name), "utf8"));
    file.payload.headHash = "f".repeat(64);
    writeFileSync(join(dir, "checkpoint-29990101T000000000Z-1.json"), JSON.stringify(file));
    // Signed with a key of the attacker's own.
    const { privateKey } = generateKeyPairSync("ed25519");
    const other = signCheckpoint({ ...good, length: good.length - 1, keyId: "attacker" }, privateKey);
    writeFileSync(join(dir, "checkpoint-29990101T000000000Z-2.json"), JSON.stringify(other));

    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(r.checkpoints.valid).toBe(1);
    expect(r.checkpoints.problems.map((p) => [p.kind, p.file])).toEqual([
      ["bad-signature", "checkpoint-29990101T000000000Z-1.json"],
      ["bad-signature", "checkpoint-29990101T000000000Z-2.json"],
    ]);
    const err = auditReportLines(r).err.join("\n");
    expect(err).toMatch(
      /bad signature: checkpoint checkpoint-29990101T000000000Z-1\.json was forged or edited/,
    );
    expect(err).toMatch(/-2\.json .*\(it names key attacker, the public key is [0-9a-f]{16}\)/);
    // Verified with another public key, even the genuine one fails.
    const wrong = join(work, "wrong.pub.pem");
    writeFileSync(wrong, generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }));
    expect((await verify(dir, wrong)).checkpoints.problems.every((p) => p.kind === "bad-signature")).toBe(
      true,
    );
    // Checkpoints but no public key: cannot be checked, which is a problem too.
    expect((await verify(dir, join(work, "absent.pem"))).checkpoints.problems).toEqual([
      expect.objectContaining({ kind: "no-public-key" }),
    ]);
  });

  it("qorgan audit checkpoint / verify: exit code 0 when intact, 1 when cut short", async () => {
    const cliDir = join(work, "cli");
    // The CLI's database: the test database itself on a server, a copy on disk for the embedded one.
    let env: Record<string, string>;
    let dataDir: string;
    let keyPath: string;
    let checkpoints: string;
    let tamperDb: () => Promise<Database>;
    let release = async (_db: Database) => {};
    if (usingPostgres()) {
      dataDir = join(cliDir, "unused");
      keyPath = join(cliDir, "key.pem");
      checkpoints = join(cliDir, "checkpoints");
      env = {
        DATABASE_URL: database.url!,
        QORGAN_AUDIT_KEY: keyPath,
        QORGAN_AUDIT_CHECKPOINT_DIR: checkpoints,
      };
      tamperDb = async () => database;
    } else {
      dataDir = join(cliDir, "db");
      await backupTo(database, join(cliDir, "db.tar.gz"));
      await restoreFrom(join(cliDir, "db.tar.gz"), dataDir);
      // The defaults beside the data directory.
      keyPath = `${dataDir}.audit-key.pem`;
      checkpoints = `${dataDir}.audit-checkpoints`;
      env = { DATABASE_URL: "", QORGAN_AUDIT_KEY: "", QORGAN_AUDIT_CHECKPOINT_DIR: "" };
      tamperDb = () => openDatabase({ dataDir });
      release = (db) => db.close();
    }
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, "bin/qorgan.mjs"), ...args, "--data-dir", dataDir], {
        encoding: "utf8",
        env: { ...process.env, ...env },
        timeout: 90_000,
      });

    const made = cli("audit", "checkpoint");
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/Created the signing key .*key\.pem/);
    expect(made.stdout).toMatch(/Checkpoint written: .*checkpoint-\S+\.json \(\d+ entries up to #\d+\)/);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(existsSync(keyPath.replace(/\.pem$/, ".pub.pem"))).toBe(true);
    expect(listCheckpointFiles(checkpoints)).toHaveLength(1);

    const ok = cli("audit", "verify");
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Audit log intact: \d+ entries checked\.\nCheckpoints: 1 of 1 in /);

    const db = await tamperDb();
    try {
      await asAttacker(db, `delete from audit_event where id = ${await lastId(db)}`);
    } finally {
      await release(db);
    }
    const bad = cli("audit", "verify");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^Audit log TAMPERED: 1 problem\(s\) in \d+ entries:\n {2}entries missing after checkpoint/,
    );
  }, 240_000);
});
