/**
 * Every PostgreSQL advisory lock the application takes, in one place so that no two collide. Each
 * is held by one kind of work across all instances; the number is arbitrary but fixed (a running
 * older instance must agree with a newer one during an upgrade). Keyed locks use the two-integer
 * form: (lock, hashtext(key)).
 */
import { type SQL, sql } from "drizzle-orm";

/** Anything that runs a statement in a transaction (Drizzle's transaction or database). */
type Executes = { execute(query: SQL): PromiseLike<unknown> };

export const LOCKS = {
  /** Migrations: instances starting together apply them one at a time (session lock). */
  migrations: 727001,
  /**
   * The audit chain: writers append one at a time, so the chain stays linear. The event log's
   * `event_log_append` (migration 0021) takes it too, so event ids follow commit order.
   */
  auditChain: 727002,
  /** Escalation of unacknowledged reports up the HQ chain (R18): one pass at a time. */
  incidentEscalation: 727003,
  /** Grouping reports into campaigns (waves): one pass at a time. */
  campaigns: 727004,
  /** Leadership of the wave job: the instance holding it runs the passes (session lock). */
  waveLeader: 727005,
  /** Signed audit checkpoints: one writer at a time. */
  auditCheckpoint: 727006,
  /** Numbering a commission's protocols: keyed by the commission (body) id. */
  protocolNumbering: 727007,
  /** The control job of assignments (reminders, overdue, escalation; R5): one pass at a time. */
  assignmentControl: 4_204_001,
  /**
   * Threat-level decisions and their transitions (Decree No. 611): numbering, changes of a chain and
   * the start/expiry job serialise on it, so a change and an expiry of one declaration never cross.
   */
  threatLevels: 727008,
  /** Numbering consequence-plan activations (R21) and the overdue-task job: one at a time. */
  consequences: 727020,
  /** Anonymising personal data past its retention period (affected people; Law No. 94-V): one pass at a time. */
  personalDataRetention: 727030,
} as const;

export type LockName = keyof typeof LOCKS;

/** Wait for a transaction-scoped advisory lock (released at commit or rollback). */
export async function lockForTransaction(tx: Executes, lock: LockName, key?: string): Promise<void> {
  if (key === undefined) await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS[lock]})`);
  else await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS[lock]}::int, hashtext(${key}))`);
}
