/**
 * The event log (events.tables.ts): what a reader who was away missed, and its purge. Events are
 * appended by `publish` / `notifySelect` (events.ts) in the transaction that makes the change, with
 * ids in commit order, so "every event after N" is exactly what a reader who last saw N has not seen.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "./db";
import { rowsOf } from "./sql";

export type LoggedEvent = { id: bigint; payload: unknown };

/** Default for QORGAN_EVENT_RETENTION_HOURS: how long a reader may be away and still catch up. */
export const DEFAULT_EVENT_RETENTION_HOURS = 24;

/** The oldest and newest id kept (null: the log is empty). */
export async function logBounds(db: DbOrTx): Promise<{ first: bigint | null; last: bigint | null }> {
  const [r] = await rowsOf<{ first: string | null; last: string | null }>(
    db,
    sql`select (select min(id) from event_log)::text as first, (select max(id) from event_log)::text as last`,
  );
  return { first: r?.first ? BigInt(r.first) : null, last: r?.last ? BigInt(r.last) : null };
}

/** Up to `limit` events of `channel` after id `after`, in order. */
export async function eventsAfter(
  db: DbOrTx,
  channel: string,
  after: bigint,
  limit: number,
): Promise<LoggedEvent[]> {
  const rows = await rowsOf<{ id: string; payload: unknown }>(
    db,
    sql`select id::text as id, payload from event_log
         where id > ${after.toString()}::bigint and channel = ${channel}
         order by id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    // node-postgres parses jsonb; PGlite too — a string here is a JSON text stored as such.
    payload: r.payload,
  }));
}

/**
 * Drop events older than `retentionHours`, keeping the newest event whatever its age (it marks where
 * the log stands: a reader whose last id is older than the oldest kept must reload). Deletes by id
 * (the primary key) up to the first event young enough, so its cost follows what it removes.
 */
export async function purgeEventLog(db: DbOrTx, retentionHours: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000).toISOString();
  const rows = await rowsOf<{ n: number }>(
    db,
    sql`with d as (
          delete from event_log
           where id < coalesce(
             (select id from event_log where at >= ${cutoff}::timestamptz order by id limit 1),
             (select max(id) from event_log))
          returning 1)
        select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}

/** Purge every `everyMs` (any instance may: deletes of the same rows do not conflict); returns a stop function. */
export function startEventLogPurge(
  db: DbOrTx,
  retentionHours: number,
  everyMs = 10 * 60_000,
  log: (err: unknown) => void = () => {},
): () => void {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await purgeEventLog(db, retentionHours);
    } catch (e) {
      log(e);
    } finally {
      running = false;
    }
  };
  void pass();
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
