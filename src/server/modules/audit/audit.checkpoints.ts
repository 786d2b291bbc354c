/**
 * Signed checkpoints of the audit chain, kept outside the database — as
 * CloudTrail's signed digest files and Certificate Transparency's signed tree heads. The chain alone
 * cannot show that its end was cut off, or that a range was rewritten with every later hash
 * recomputed: anyone with write access to the database can do both. A checkpoint records the
 * chain's length and its head entry (id, time, hash), signed with an Ed25519 key that is never in
 * the database (audit.keys.ts); `audit verify` (audit.verify.ts) compares the log with every
 * checkpoint using only the public key.
 *
 * One JSON file per checkpoint in a directory: `{"payload":{…},"signature":"<base64>"}`, the
 * signature over the payload's canonical JSON (keys sorted, no spaces, UTF-8), written atomically
 * (a temporary file renamed into place). Instances serialise on an advisory lock; a checkpoint is
 * skipped when the head has not moved since the latest one.
 */
import { type KeyObject, sign, verify } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { and, count, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { LOCKS } from "../../platform/locks";
import { ensureSigningKey, publicKeyPathFor, type SigningKey } from "./audit.keys";
import { canonicalJson } from "./audit.service";
import { auditEvent } from "./audit.tables";

export const CHECKPOINT_KIND = "qorgan.audit.checkpoint";
/** Held (per transaction) by the instance writing a checkpoint; others skip their turn. */
const CHECKPOINT_LOCK = LOCKS.auditCheckpoint;

export type CheckpointPayload = {
  kind: typeof CHECKPOINT_KIND;
  version: 1;
  /** Entries in the log, the head included: the head is the `length`-th entry in id order. */
  length: number;
  headId: number;
  headHash: string;
  /** The head entry's time (ISO 8601). */
  headAt: string;
  createdAt: string;
  /** Fingerprint of the signing key's public key (keyIdOf). */
  keyId: string;
};

export type CheckpointFile = { payload: CheckpointPayload; signature: string };

const payloadBytes = (payload: unknown) => Buffer.from(canonicalJson(payload), "utf8");

export function signCheckpoint(payload: CheckpointPayload, privateKey: KeyObject): CheckpointFile {
  return { payload, signature: sign(null, payloadBytes(payload), privateKey).toString("base64") };
}

/** The file's name: its time, then its length (names sort by time). */
export function checkpointFileName(p: CheckpointPayload): string {
  return `checkpoint-${p.createdAt.replace(/[-:.]/g, "")}-${p.length}.json`;
}

/** The checkpoint files in `dir`, oldest first (none when the directory does not exist). */
export function listCheckpointFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith("checkpoint-") && f.endsWith(".json"))
    .sort();
}

export type ReadCheckpoint =
  | { name: string; status: "valid"; file: CheckpointFile }
  | { name: string; status: "bad-signature"; keyId?: string }
  | { name: string; status: "unreadable"; reason: string };

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0;

/**
 * One checkpoint file checked against `publicKey`: the signature over exactly the payload in the
 * file (any key added, removed or changed breaks it), then the payload's shape.
 */
export function readCheckpoint(dir: string, name: string, publicKey: KeyObject): ReadCheckpoint {
  let raw: { payload?: unknown; signature?: unknown };
  try {
    raw = JSON.parse(readFileSync(join(dir, name), "utf8"));
  } catch (e) {
    return { name, status: "unreadable", reason: e instanceof Error ? e.message : String(e) };
  }
  if (!raw || typeof raw !== "object" || typeof raw.payload !== "object" || !raw.payload)
    return { name, status: "unreadable", reason: "no payload" };
  const p = raw.payload as Record<string, unknown>;
  let good = false;
  try {
    good =
      typeof raw.signature === "string" &&
      verify(null, payloadBytes(p), publicKey, Buffer.from(raw.signature, "base64"));
  } catch {
    good = false;
  }
  if (!good)
    return { name, status: "bad-signature", keyId: typeof p.keyId === "string" ? p.keyId : undefined };
  if (
    p.kind !== CHECKPOINT_KIND ||
    p.version !== 1 ||
    !isCount(p.length) ||
    !isCount(p.headId) ||
    typeof p.headHash !== "string" ||
    typeof p.headAt !== "string" ||
    typeof p.createdAt !== "string"
  )
    return { name, status: "unreadable", reason: "not a checkpoint of this version" };
  return { name, status: "valid", file: raw as CheckpointFile };
}

/** Write `text` as `dir/name` atomically: a temporary file, flushed, renamed into place. */
function writeAtomically(dir: string, name: string, text: string): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  try {
    const d = openSync(dir, "r");
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    /* a directory that cannot be flushed (some file systems): the rename stands */
  }
}

/** The newest checkpoint in `dir` that `key` signed (the newest few files are looked at). */
function latestOwnCheckpoint(
  dir: string,
  key: SigningKey,
): { name: string; payload: CheckpointPayload } | null {
  const names = listCheckpointFiles(dir);
  for (let i = names.length - 1; i >= Math.max(0, names.length - 20); i--) {
    const r = readCheckpoint(dir, names[i], key.publicKey);
    if (r.status === "valid") return { name: r.name, payload: r.file.payload };
  }
  return null;
}

export type CheckpointOutcome =
  | {
      written: string;
      payload: CheckpointPayload;
      /** Set when the log does not extend the previous checkpoint (worth a warning). */
      warning?: string;
    }
  | { skipped: string };

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/**
 * Write one checkpoint of the chain's current head into `dir`, unless another instance is writing
 * one (advisory lock), the log is empty, or the head has not moved since the latest checkpoint.
 * The length extends the latest checkpoint when the log still holds its head (a count of the
 * entries since); otherwise it is counted from the start and the outcome carries a warning.
 */
export async function writeCheckpoint(
  database: Database,
  key: SigningKey,
  dir: string,
  now: () => Date = () => new Date(),
): Promise<CheckpointOutcome> {
  mkdirSync(dir, { recursive: true });
  return database.db.transaction(
    async (tx) => {
      const lock = rowsOf<{ got: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}) as got`),
      );
      if (lock[0]?.got !== true) return { skipped: "another instance is writing a checkpoint" };
      const [head] = await tx
        .select({ id: auditEvent.id, hash: auditEvent.hash, at: auditEvent.at })
        .from(auditEvent)
        .orderBy(desc(auditEvent.id))
        .limit(1);
      if (!head) return { skipped: "the audit log is empty" };
      const last = latestOwnCheckpoint(dir, key);
      if (last && last.payload.headId === head.id && last.payload.headHash === head.hash)
        return { skipped: `the head has not moved since ${last.name}` };
      let length: number;
      let warning: string | undefined;
      const [anchor] = last
        ? await tx
            .select({ hash: auditEvent.hash })
            .from(auditEvent)
            .where(eq(auditEvent.id, last.payload.headId))
        : [];
      if (last && anchor?.hash === last.payload.headHash && head.id > last.payload.headId) {
        const [{ n }] = await tx
          .select({ n: count() })
          .from(auditEvent)
          .where(and(gt(auditEvent.id, last.payload.headId), lte(auditEvent.id, head.id)));
        length = last.payload.length + n;
      } else {
        const [{ n }] = await tx.select({ n: count() }).from(auditEvent).where(lte(auditEvent.id, head.id));
        length = n;
        if (last)
          warning =
            `The audit log no longer extends checkpoint ${last.name} (entry #${last.payload.headId} ` +
            `is gone or changed: cut short, rewritten, or restored from a backup). Run "qorgan audit verify".`;
      }
      const payload: CheckpointPayload = {
        kind: CHECKPOINT_KIND,
        version: 1,
        length,
        headId: head.id,
        headHash: head.hash,
        headAt: head.at.toISOString(),
        createdAt: now().toISOString(),
        keyId: key.keyId,
      };
      const name = checkpointFileName(payload);
      writeAtomically(dir, name, `${canonicalJson(signCheckpoint(payload, key.privateKey))}\n`);
      return { written: name, payload, ...(warning ? { warning } : {}) };
    },
    { isolationLevel: "repeatable read" },
  );
}

/**
 * Write checkpoints now, every `everyMs` and once more when stopped (the returned function, which
 * waits for it). Failures and warnings go to `log`; the server keeps running.
 */
export function startCheckpointWriter(
  database: Database,
  key: SigningKey,
  dir: string,
  everyMs: number,
  log: (m: string) => void = () => {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (running) return running;
    const run = (async () => {
      try {
        const r = await writeCheckpoint(database, key, dir);
        if ("warning" in r && r.warning) log(r.warning);
      } catch (e) {
        log(`audit checkpoint failed: ${errorSummary(e)}`);
      }
    })();
    running = run.finally(() => {
      running = null;
    });
    return running;
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await running;
    await tick();
  };
}

/** Settings (RuntimeConfig's audit fields). */
export type CheckpointSettingsInput = {
  databaseUrl?: string;
  dataDir: string;
  auditCheckpoints?: boolean;
  auditKey?: string;
  auditCheckpointDir?: string;
  auditCheckpointMinutes?: number;
};

export type CheckpointSettings = { keyPath: string; publicKeyPath: string; dir: string; everyMs: number };

/**
 * Where keys and checkpoints are. Embedded database: `<data-dir>.audit-key.pem` and
 * `<data-dir>.audit-checkpoints/` unless set. PostgreSQL: on only when QORGAN_AUDIT_KEY and
 * QORGAN_AUDIT_CHECKPOINT_DIR are both set (a server's data directory is not ours to write beside).
 * A half or invalid setting throws, with a message for the operator.
 */
export function checkpointSettingsFrom(
  s: CheckpointSettingsInput,
): { settings: CheckpointSettings } | { off: string } {
  const minutes = s.auditCheckpointMinutes ?? 10;
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error("QORGAN_AUDIT_CHECKPOINT_MINUTES must be a positive number of minutes.");
  if (s.auditCheckpoints === false) return { off: "turned off by QORGAN_AUDIT_CHECKPOINTS=off" };
  let keyPath = s.auditKey;
  let dir = s.auditCheckpointDir;
  if (s.databaseUrl) {
    if (!keyPath && !dir)
      return { off: "PostgreSQL without QORGAN_AUDIT_KEY and QORGAN_AUDIT_CHECKPOINT_DIR" };
    if (!keyPath || !dir)
      throw new Error(
        "With DATABASE_URL, audit checkpoints need both QORGAN_AUDIT_KEY (the signing key file) and " +
          "QORGAN_AUDIT_CHECKPOINT_DIR (where checkpoints go): set both, or neither.",
      );
  } else {
    const base = s.dataDir.replace(/\/+$/, "");
    if (s.dataDir.startsWith("memory://") && (!keyPath || !dir))
      return { off: "in-memory database without QORGAN_AUDIT_KEY and QORGAN_AUDIT_CHECKPOINT_DIR" };
    keyPath ??= `${base}.audit-key.pem`;
    dir ??= `${base}.audit-checkpoints`;
  }
  return {
    settings: {
      keyPath,
      publicKeyPath: publicKeyPathFor(keyPath),
      dir,
      everyMs: Math.round(minutes * 60_000),
    },
  };
}

export type AuditCheckpointing = {
  /** One line for the start-up log: where checkpoints go, or plainly that they are off. */
  summary: string;
  /** Start the writer (after the server listens); the function returned stops it after a last checkpoint. */
  start(database: Database, log: (m: string) => void): () => Promise<void>;
};

/**
 * Checkpointing for a server start: settings resolved and the key loaded (created on first start)
 * before anything else opens, so a wrong setting or an unreadable key stops the start.
 */
export function prepareAuditCheckpoints(s: CheckpointSettingsInput): AuditCheckpointing {
  const r = checkpointSettingsFrom(s);
  if ("off" in r)
    return {
      summary:
        `Audit checkpoints are OFF (${r.off}): a log cut short or rewritten by someone with write ` +
        "access to the database would pass `qorgan audit verify`.",
      start: () => async () => {},
    };
  const { keyPath, dir, everyMs } = r.settings;
  const key = ensureSigningKey(keyPath);
  const minutes = everyMs / 60_000;
  return {
    summary:
      `Audit checkpoints every ${minutes} min to ${dir}, signed with ${keyPath} ` +
      `(${key.created ? "created now; " : ""}public key ${key.publicKeyPath}, id ${key.keyId}).`,
    start: (database, log) => startCheckpointWriter(database, key, dir, everyMs, log),
  };
}
