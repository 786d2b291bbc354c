/**
 * Results held until the objects change — speed mechanism (switch: QORGAN_OBJECTS_CACHE=off).
 *
 * Buys: what is computed from every object in view is not computed again while no object changed —
 * the clustered layer of the whole country, the compliance roll-up's per-district counts and the
 * search's vocabulary (the distinct words its typo pass corrects against). Each of them reads all
 * 50,000 objects of the national set: on the embedded database, whose one thread answers every query,
 * 75–240 ms a time. bench/objects.ts (PGlite, 4 at once, load average 9–12, 2026-12-07), p95 with it →
 * without: layer 87 → 644 ms, compliance national 287 → 793 ms, search 830 ms → 3.5 s
 * (docs/internals.md, "Speed mechanisms").
 *
 * Correctness: `vulnerable_object_stamp` holds one counter that every change to the objects' rows
 * moves in the same transaction (`touchObjects`, called by each writer of `vulnerable_object`). A
 * reader reads the counter first (one row by its key), then the held result for that counter, else
 * computes it and holds it under the counter it read: a change committed in between makes the next
 * reader see a new counter and compute again; an uncommitted one is seen by nobody else. So every
 * instance behind a balancer, and the one embedded process, answer what the database holds at once.
 * A writer that bypasses `touchObjects` (plain SQL) is not seen until the next change or restart.
 * Switched off, nothing is held: every read computes (the same answer).
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { speedOn } from "../../platform/speed-switches";
import { rowsOf } from "../../platform/sql";
import { vulnerableObjectStamp } from "./vulnerable-objects.tables";

/** Moves the objects' counter: call in the transaction of every change to `vulnerable_object` rows. */
export async function touchObjects(tx: DbOrTx): Promise<void> {
  const s = vulnerableObjectStamp;
  await tx
    .insert(s)
    .values({ id: 1, n: 1 })
    .onConflictDoUpdate({ target: s.id, set: { n: sql`${s.n} + 1` } });
}

/** The objects' counter as committed (0 before the first change). */
export async function objectsStamp(db: DbOrTx): Promise<number> {
  const [row] = await rowsOf<{ n: string | number }>(
    db,
    sql`select n from ${vulnerableObjectStamp} where id = 1`,
  );
  return row ? Number(row.n) : 0;
}

type Held = { stamp: number; entries: Map<string, unknown> };
const MAX_ENTRIES = 256;
const held = new WeakMap<object, Map<string, Held>>();
const enabled = speedOn("objectsCache");

/**
 * The result of `compute` for (`name`, `key`) as of the objects' current counter: held from an earlier
 * call with the same counter, else computed now and held (unless `hold` says not: large answers).
 * `key` must hold everything the result depends on besides the objects (the reader's scope, the
 * filters, the day).
 */
export async function untilObjectsChange<V>(
  db: DbOrTx,
  name: string,
  key: string,
  compute: () => Promise<V>,
  hold: (value: V) => boolean = () => true,
): Promise<V> {
  if (!enabled) return compute();
  const stamp = await objectsStamp(db);
  const byName = held.get(db) ?? new Map<string, Held>();
  held.set(db, byName);
  const h = byName.get(name);
  if (h?.stamp === stamp && h.entries.has(key)) return h.entries.get(key) as V;
  const value = await compute();
  if (!hold(value)) return value;
  const now = byName.get(name);
  if (!now || now.stamp < stamp) byName.set(name, { stamp, entries: new Map([[key, value]]) });
  else if (now.stamp === stamp) {
    if (now.entries.size >= MAX_ENTRIES) now.entries.clear();
    now.entries.set(key, value);
  }
  return value;
}
