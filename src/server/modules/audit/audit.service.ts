/**
 * Audit: one helper writes every event inside the caller's transaction; the log is
 * hash-chained (each entry's hash covers the previous hash) and verifiable.
 */
import { hash } from "node:crypto";
import { and, count, desc, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import type { AuditAction, AuditOutcome } from "../../../domain/audit";
import type { AuditQuery } from "../../../domain/contracts/audit";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { lockForTransaction } from "../../platform/locks";
import { insertJsonRowsSql } from "../../platform/sql";
import { auditEvent } from "./audit.tables";

export const GENESIS_HASH = "0".repeat(64);

export type AuditEntry = {
  action: AuditAction;
  entityType: string;
  entityId?: string;
  territoryPath?: string;
  before?: unknown;
  after?: unknown;
  outcome?: AuditOutcome;
  /** Who acted when there is no signed-in user (e.g. the user name of a failed sign-in). */
  actorName?: string;
};

/** Canonical JSON already made (see `canonicalJson`), put into a larger value as it is. */
class CanonicalText {
  constructor(readonly text: string) {}
}

/** JSON with keys sorted at every level, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v !== "object") return JSON.stringify(v);
  if (v instanceof CanonicalText) return v.text;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i ? "," : "") + canonicalJson(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${canonicalJson(x)}`;
    first = false;
  }
  return `${out}}`;
}

type HashedFields = {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  territoryPath: string;
  before: unknown;
  after: unknown;
  outcome: string;
  requestId: string;
  ip: string;
};

/**
 * The entry's hash. `canonical`: before/after already in canonical JSON (the same text
 * `canonicalJson` makes of the values in `f`), so they are not serialised a second time.
 */
export function entryHash(
  prevHash: string,
  f: HashedFields,
  canonical?: { before: string; after: string },
): string {
  const payload = canonicalJson({
    ...f,
    at: f.at.toISOString(),
    ...(canonical
      ? { before: new CanonicalText(canonical.before), after: new CanonicalText(canonical.after) }
      : {}),
  });
  // One-shot hash of the same bytes (prevHash, a newline, the payload; UTF-8).
  return hash("sha256", `${prevHash}\n${payload}`, "hex");
}

/** A value's canonical JSON as stored (keys sorted, dates as text); none: "null". */
const canonicalOrNull = (v: unknown): string => (v === undefined || v === null ? "null" : canonicalJson(v));

/** Append one event. Call inside the transaction that makes the change. */
export async function writeAudit(tx: DbOrTx, ctx: RequestContext, e: AuditEntry): Promise<void> {
  await writeAuditMany(tx, [{ ctx, entry: e }]);
}

type AuditEvents = readonly { ctx: RequestContext; entry: AuditEntry }[];

/**
 * Append several events in one statement, chained in the given order (one lock, one read of the
 * chain's head, one insert) — for work done in batches, such as grouped report intake. The head is
 * read by a statement of its own after the lock's: each statement sees what was committed before it
 * began, so the head is the one left by the last holder of the lock.
 */
export async function writeAuditMany(
  tx: DbOrTx,
  events: AuditEvents,
  /** A select (such as `notifySelect`) run in the same statement as the insert: one round trip. */
  alongside?: SQL,
): Promise<void> {
  if (!events.length) return;
  await lockForTransaction(tx, "auditChain");
  const last = await tx
    .select({ hash: auditEvent.hash })
    .from(auditEvent)
    .orderBy(desc(auditEvent.id))
    .limit(1);
  await tx.execute(auditInsertSql(last[0]?.hash ?? null, events, alongside));
}

/** The audit log's columns a chained insert gives, in table order (the rest: id from its sequence). */
const AUDIT_COLUMNS = [
  "at",
  "actorId",
  "actorName",
  "action",
  "entityType",
  "entityId",
  "territoryPath",
  "before",
  "after",
  "outcome",
  "requestId",
  "ip",
  "prevHash",
  "hash",
] as const;

/**
 * The insert of `events` chained after the entry whose hash is `head` (null: the log is empty);
 * `alongside`, a select (such as `notifySelect`), runs after it in the same statement. The rows are
 * one JSON parameter (`insertJsonRowsSql`), their before and after the very canonical JSON that was
 * hashed, so the stored values hash as they were hashed. The statement's text does not depend on
 * the events.
 */
function auditInsertSql(head: string | null, events: AuditEvents, alongside?: SQL): SQL {
  let prevHash = head ?? GENESIS_HASH;
  const at = new Date();
  const atText = at.toISOString();
  let json = "[";
  events.forEach(({ ctx, entry: e }, i) => {
    const before = canonicalOrNull(e.before);
    const after = canonicalOrNull(e.after);
    const fields: HashedFields = {
      at,
      actorId: ctx.user?.id ?? null,
      actorName: e.actorName ?? ctx.user?.username ?? ctx.requestId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? "",
      territoryPath: e.territoryPath ?? "KZ",
      before: null,
      after: null,
      outcome: e.outcome ?? "success",
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
    const hash = entryHash(prevHash, fields, { before, after });
    // Keys by column name; before and after spliced in as the canonical text (valid JSON).
    const scalars = JSON.stringify({
      at: atText,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      territory_path: fields.territoryPath,
      outcome: fields.outcome,
      request_id: fields.requestId,
      ip: fields.ip,
      prev_hash: prevHash,
      hash,
    });
    json += `${i ? "," : ""}${scalars.slice(0, -1)},"before":${before},"after":${after}}`;
    prevHash = hash;
  });
  json += "]";
  // Rows are inserted in order, taking ids from the sequence in that order: ids follow the chain.
  const insert = insertJsonRowsSql(auditEvent, AUDIT_COLUMNS, json);
  // A data-modifying WITH runs whatever the main query reads.
  return alongside ? sql`with a as (${insert}) ${alongside}` : insert;
}

/** Audit an event that is not part of a data change (sign-in failure, a personal-data read). */
export async function auditAlone(database: Database, ctx: RequestContext, e: AuditEntry): Promise<void> {
  await database.db.transaction((tx) => writeAudit(tx, ctx, e));
}

export type VerifyResult = { ok: boolean; checked: number; problems: { id: number; problem: string }[] };

/** Walk the chain in order; report every entry whose hash or link does not hold. */
export async function verifyAudit(database: Database, batch = 2000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  const problems: VerifyResult["problems"] = [];
  for (;;) {
    const rows = await database.db
      .select()
      .from(auditEvent)
      .where(sql`${auditEvent.id} > ${lastId}`)
      .orderBy(auditEvent.id)
      .limit(batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prev)
        problems.push({ id: r.id, problem: "chain broken: an earlier entry was removed or changed" });
      const h = entryHash(r.prevHash, {
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        territoryPath: r.territoryPath,
        before: r.before,
        after: r.after,
        outcome: r.outcome,
        requestId: r.requestId,
        ip: r.ip,
      });
      if (h !== r.hash)
        problems.push({ id: r.id, problem: "entry edited: its content does not match its hash" });
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

/** Audit entries within the given subtrees, filtered. */
export async function listAudit(database: Database, scopes: string[], q: AuditQuery) {
  const conds: SQL[] = [];
  const scopeConds = scopes.map(
    (p) => or(eq(auditEvent.territoryPath, p), sql`${auditEvent.territoryPath} like ${`${p}/%`}`)!,
  );
  conds.push(scopeConds.length ? or(...scopeConds)! : sql`false`);
  if (q.actor) conds.push(ilike(auditEvent.actorName, `%${q.actor.replace(/[%_\\]/g, "\\$&")}%`));
  if (q.entityType) conds.push(eq(auditEvent.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditEvent.entityId, q.entityId));
  if (q.action) conds.push(eq(auditEvent.action, q.action));
  if (q.from) conds.push(gte(auditEvent.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditEvent.at, new Date(q.to)));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    database.db
      .select()
      .from(auditEvent)
      .where(where)
      .orderBy(desc(auditEvent.id))
      .limit(q.limit)
      .offset(q.offset),
    database.db.select({ n: count() }).from(auditEvent).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      outcome: r.outcome,
      requestId: r.requestId,
    })),
    total: Number(total[0]?.n ?? 0),
  };
}
