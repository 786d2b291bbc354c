/**
 * `qorgan audit verify`: the hash chain (verifyAudit) and the log against every signed checkpoint
 * (audit.checkpoints.ts), with only the public key. What a checkpoint can show:
 *  - entries missing after it: the log is shorter than the checkpoint's length, or the entry it
 *    ends with is gone (the log was cut and went on) — the end of the log was removed;
 *  - a rewritten range: the entry at the checkpoint's position no longer has its hash; the first
 *    changed entry lies after the last checkpoint that still matches;
 *  - a bad signature: the checkpoint file was forged or edited, or signed by another key.
 */

import type { KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "../../platform/db";
import { type CheckpointPayload, listCheckpointFiles, readCheckpoint } from "./audit.checkpoints";
import { keyIdOf, loadPublicKey } from "./audit.keys";
import { type VerifyResult, verifyAudit } from "./audit.service";
import { auditEvent } from "./audit.tables";

export type CheckpointProblem = {
  kind: "missing" | "rewritten" | "bad-signature" | "unreadable" | "no-public-key";
  /** The checkpoint file concerned. */
  file?: string;
  /** The entries concerned: after `afterId` (0: from the start) up to `toId`. */
  afterId?: number;
  toId?: number;
  message: string;
};

export type AuditLogReport = {
  ok: boolean;
  chain: VerifyResult;
  checkpoints: {
    dir: string | null;
    publicKeyPath: string | null;
    keyId?: string;
    files: number;
    valid: number;
    /** The newest checkpoint with a good signature. */
    latest?: { name: string; payload: CheckpointPayload };
    problems: CheckpointProblem[];
    /** Why checkpoints were not compared (none configured, none written yet). */
    note?: string;
  };
};

type Valid = { name: string; p: CheckpointPayload };
type Seen = { id: number; hash: string } | undefined;

const short = (h: string) => `${h.slice(0, 12)}…`;

/** The chain, then every checkpoint in `dir` checked with the public key at `publicKeyPath`. */
export async function verifyAuditLog(
  database: Database,
  opts: { dir?: string | null; publicKeyPath?: string | null },
  batch = 5000,
): Promise<AuditLogReport> {
  const chain = await verifyAudit(database);
  const dir = opts.dir ?? null;
  const publicKeyPath = opts.publicKeyPath ?? null;
  const cps: AuditLogReport["checkpoints"] = { dir, publicKeyPath, files: 0, valid: 0, problems: [] };
  const done = () => ({ ok: chain.ok && cps.problems.length === 0, chain, checkpoints: cps });
  if (!dir) {
    cps.note = "no checkpoint directory configured: only the chain was checked";
    return done();
  }
  const names = listCheckpointFiles(dir);
  cps.files = names.length;
  if (names.length === 0) {
    cps.note = `no checkpoints in ${dir}: only the chain was checked`;
    return done();
  }
  let publicKey: KeyObject;
  try {
    if (!publicKeyPath || !existsSync(publicKeyPath))
      throw new Error(`public key ${publicKeyPath ?? "(none)"} not found; give it with --public-key`);
    publicKey = loadPublicKey(publicKeyPath);
  } catch (e) {
    cps.problems.push({
      kind: "no-public-key",
      message: `cannot check ${names.length} checkpoint(s): ${e instanceof Error ? e.message : String(e)}`,
    });
    return done();
  }
  cps.keyId = keyIdOf(publicKey);

  const valid: Valid[] = [];
  for (const name of names) {
    const r = readCheckpoint(dir, name, publicKey);
    if (r.status === "valid") valid.push({ name, p: r.file.payload });
    else if (r.status === "bad-signature")
      cps.problems.push({
        kind: "bad-signature",
        file: name,
        message:
          `bad signature: checkpoint ${name} was forged or edited, or signed by another key` +
          (r.keyId && r.keyId !== cps.keyId
            ? ` (it names key ${r.keyId}, the public key is ${cps.keyId})`
            : ""),
      });
    else
      cps.problems.push({
        kind: "unreadable",
        file: name,
        message: `unreadable checkpoint ${name}: ${r.reason}`,
      });
  }
  cps.valid = valid.length;
  if (valid.length === 0) return done();
  cps.latest = valid
    .map((v) => ({ name: v.name, payload: v.p }))
    .reduce((a, b) => (b.payload.createdAt >= a.payload.createdAt ? b : a));

  // One pass over (id, hash) in chain order: the entry at each checkpointed position, and where
  // each checkpointed head id is now.
  const atPosition = new Map<number, Seen>();
  const headsById = new Map<number, Seen>();
  for (const v of valid) {
    atPosition.set(v.p.length, undefined);
    headsById.set(v.p.headId, undefined);
  }
  let n = 0;
  let lastId = 0;
  for (;;) {
    const rows = await database.db
      .select({ id: auditEvent.id, hash: auditEvent.hash })
      .from(auditEvent)
      .where(sql`${auditEvent.id} > ${lastId}`)
      .orderBy(auditEvent.id)
      .limit(batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      n++;
      if (atPosition.has(n)) atPosition.set(n, r);
      if (headsById.has(r.id)) headsById.set(r.id, r);
      lastId = r.id;
    }
  }

  // Checkpoints in chain order; the last one still matching bounds where a change can start.
  valid.sort((a, b) => a.p.length - b.p.length || a.p.createdAt.localeCompare(b.p.createdAt));
  let good: Valid | null = null;
  let failing = false;
  let laterFailing = 0;
  let beyond: Valid | null = null;
  const from = () =>
    good ? `after #${good.p.headId} (checkpoint ${good.name})` : "from the start of the log";
  for (const v of valid) {
    const seen = atPosition.get(v.p.length);
    const head = headsById.get(v.p.headId);
    if (seen && seen.id === v.p.headId && seen.hash === v.p.headHash) {
      good = v;
      failing = false;
      continue;
    }
    if (!seen) {
      // The log is shorter than this checkpoint: reported once, for the longest such checkpoint.
      beyond = v;
      continue;
    }
    if (failing) {
      laterFailing++;
      continue;
    }
    failing = true;
    if (!head)
      cps.problems.push({
        kind: "missing",
        file: v.name,
        afterId: good?.p.headId ?? 0,
        toId: v.p.headId,
        message:
          `entries missing after checkpoint ${good ? good.name : "(none: from the start)"}: entry ` +
          `#${v.p.headId} (position ${v.p.length}), which checkpoint ${v.name} ends with, is gone — entries ` +
          `${from()} up to it were removed and the log went on (#${seen.id} is at that position now)`,
      });
    else
      cps.problems.push({
        kind: "rewritten",
        file: v.name,
        afterId: good?.p.headId ?? 0,
        toId: v.p.headId,
        message:
          `rewritten range: entries ${from()} up to #${v.p.headId} no longer match checkpoint ${v.name} ` +
          `— it records #${v.p.headId} at position ${v.p.length} with hash ${short(v.p.headHash)}, ` +
          `the log has #${seen.id} there with hash ${short(seen.hash)}; the first changed entry lies in this range`,
      });
  }
  if (laterFailing)
    cps.problems.push({
      kind: "rewritten",
      message: `${laterFailing} later checkpoint(s) do not match either (the chain after the change was recomputed)`,
    });
  if (beyond)
    cps.problems.push({
      kind: "missing",
      file: beyond.name,
      afterId: lastId,
      toId: beyond.p.headId,
      message:
        `entries missing after checkpoint ${beyond.name}: it records ${beyond.p.length} entries ending ` +
        `with #${beyond.p.headId} (${beyond.p.headAt}), the log has ${n}` +
        (n ? ` ending with #${lastId}` : "") +
        ` — the log was cut short by at least ${beyond.p.length - n} entr${beyond.p.length - n === 1 ? "y" : "ies"}`,
    });
  return done();
}

/** The report as the CLI prints it: `out` when all holds, `err` lines naming each problem. */
export function auditReportLines(r: AuditLogReport, max = 50): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const c = r.checkpoints;
  const n = r.chain.problems.length + c.problems.length;
  if (r.ok) out.push(`Audit log intact: ${r.chain.checked} entries checked.`);
  else {
    err.push(`Audit log TAMPERED: ${n} problem(s) in ${r.chain.checked} entries:`);
    for (const p of r.chain.problems.slice(0, max)) err.push(`  #${p.id}: ${p.problem}`);
    if (r.chain.problems.length > max) err.push(`  … and ${r.chain.problems.length - max} more in the chain`);
    for (const p of c.problems.slice(0, max)) err.push(`  ${p.message}`);
    if (c.problems.length > max) err.push(`  … and ${c.problems.length - max} more about checkpoints`);
  }
  if (c.note) out.push(`Checkpoints: ${c.note}.`);
  else if (c.latest)
    out.push(
      `Checkpoints: ${c.valid} of ${c.files} in ${c.dir} signed by key ${c.keyId} (${c.publicKeyPath}); ` +
        `latest ${c.latest.name}: ${c.latest.payload.length} entries up to #${c.latest.payload.headId} ` +
        `at ${c.latest.payload.headAt}.`,
    );
  return { out, err };
}
