/**
 * Events across instances: PostgreSQL NOTIFY inside the writing transaction (delivered on commit, so
 * nobody hears of a change that did not happen) and LISTEN in every instance. PGlite delivers its own
 * notifications in-process; on a server one dedicated connection per instance listens and re-connects.
 *
 * Every published event is also appended to `event_log` in the same statement (event-log.ts), which
 * numbers it in commit order; the NOTIFY carries that number (an object payload gets a `_logId`
 * field, which the bus takes off again) and listeners get it as their second argument — what a live
 * stream sends as its SSE id and replays from (event-stream.ts). An instance of an older version,
 * during a rolling upgrade, reads the same payloads with one field more.
 */
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import type { Database, DbOrTx } from "./db";
import { LOCKS } from "./locks";

/** `id`: the event's number in the event log (absent for a trigger's notification, which is not logged). */
export type Listener = (payload: unknown, id?: bigint) => void;

export type EventBus = {
  subscribe(channel: string, fn: Listener): () => void;
  /**
   * Told true once this instance listens and hears every notification from then on, false when the
   * listening connection is lost (what was sent meanwhile is not heard); at once with the current state.
   */
  watchConnection(fn: (connected: boolean) => void): () => void;
  close(): Promise<void>;
};

/** Queue an event in the caller's transaction: logged, and sent when (and only if) the transaction commits. */
export async function publish(tx: DbOrTx, channel: string, payload: unknown): Promise<void> {
  await tx.execute(notifySelect(channel, [payload]));
}

/** Queue several events in one statement (same guarantees as `publish`, numbered and sent in this order). */
export async function publishMany(tx: DbOrTx, channel: string, payloads: readonly unknown[]): Promise<void> {
  if (!payloads.length) return;
  await tx.execute(notifySelect(channel, payloads));
}

/**
 * The statement of `publishMany` as one select (a row each), to run alone or after a WITH: the
 * payloads are appended to the event log (`event_log_append`, migration 0021, which first takes the
 * audit chain's lock until commit, so that ids follow commit order; every publisher writes the audit
 * log in the same transaction anyway, so this adds no wait and no new lock order) and each is sent
 * with its id. Its text is the same for any number of payloads (they are one jsonb array of texts,
 * sent in order), so it can run prepared.
 */
export function notifySelect(channel: string, payloads: readonly unknown[]): SQL {
  // (event_log_append returns each payload as text: `j.p` is it as jsonb, to add the id to.)
  return sql`select pg_notify(${channel}::text, case jsonb_typeof(j.p) when 'object' then j.p || jsonb_build_object('_logId', l.event_id::text) else j.p end::text) from event_log_append(${LOCKS.auditChain}::bigint, ${channel}::text, ${JSON.stringify(payloads.map((p) => JSON.stringify(p)))}::jsonb) as l cross join lateral (select l.event_payload::jsonb as p) as j order by l.event_id`;
}

export async function createEventBus(
  database: Database,
  channels: string[],
  connectionString?: string,
): Promise<EventBus> {
  const listeners = new Map<string, Set<Listener>>(channels.map((c) => [c, new Set()]));
  const dispatch = (channel: string, raw: string | undefined) => {
    // JSON as the app sends it (with its log id, taken off); a trigger's plain text (ids, "*") as it is.
    let payload: unknown = raw ?? null;
    try {
      payload = JSON.parse(raw ?? "null");
    } catch {
      /* plain text */
    }
    let id: bigint | undefined;
    const logId = (payload as { _logId?: unknown } | null)?._logId;
    if (typeof logId === "string" && /^\d{1,19}$/.test(logId)) {
      const { _logId, ...rest } = payload as { _logId: string };
      id = BigInt(logId);
      payload = rest;
    }
    for (const fn of listeners.get(channel) ?? []) {
      try {
        fn(payload, id);
      } catch {
        /* one broken subscriber must not stop the others */
      }
    }
  };
  const subscribe = (channel: string, fn: Listener) => {
    const set = listeners.get(channel);
    if (!set) throw new Error(`unknown channel ${channel}`);
    set.add(fn);
    return () => void set.delete(fn);
  };

  const watchers = new Set<(connected: boolean) => void>();
  let connected = false;
  const setConnected = (on: boolean) => {
    if (on === connected) return;
    connected = on;
    for (const fn of watchers) fn(on);
  };
  const watchConnection = (fn: (connected: boolean) => void) => {
    watchers.add(fn);
    fn(connected);
    return () => void watchers.delete(fn);
  };

  if (database.pglite) {
    const unlisten = await Promise.all(
      channels.map((c) => database.pglite!.listen(c, (p) => dispatch(c, p))),
    );
    setConnected(true);
    return {
      subscribe,
      watchConnection,
      async close() {
        setConnected(false);
        await Promise.all(unlisten.map((u) => u().catch(() => {})));
      },
    };
  }

  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString, keepAlive: true });
    c.on("notification", (n) => dispatch(n.channel, n.payload));
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (client === c) client = null;
      setConnected(false);
      c.end().catch(() => {});
      scheduleRetry();
    };
    c.on("error", onLost);
    c.on("end", onLost);
    await c.connect();
    for (const ch of channels) await c.query(`LISTEN "${ch.replace(/"/g, "")}"`);
    client = c;
    setConnected(true);
  };
  let started = false;
  const scheduleRetry = () => {
    if (closed || retry || !started) return;
    retry = setTimeout(() => {
      retry = null;
      void connect().catch(scheduleRetry);
    }, 1000);
  };
  await connect();
  started = true;
  return {
    subscribe,
    watchConnection,
    async close() {
      closed = true;
      setConnected(false);
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
