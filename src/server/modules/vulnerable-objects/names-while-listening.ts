/**
 * Owners' and territories' names held in memory for the objects' list — part of the cache-while-listening
 * speed mechanism (platform/cache-while-listening.ts; switch: QORGAN_CACHE_WHILE_LISTENING=off).
 *
 * Buys: a page of the registry of objects shows each row's owner and territory by name; these are the
 * registry's, read through its face (never joined), two look-ups per page. Held while this instance
 * hears every change to bodies and territories (migration 0014's qorgan_body_changed, on commit,
 * whoever writes), a warm page asks the database only for its rows: on the embedded database, whose
 * one thread answers every query in turn, two queries fewer in the queue per page. Measured with
 * bench/objects.ts (docs/internals.md, "Speed mechanisms", vulnerable objects). Switched off (or not
 * followed, or read inside a transaction), every page reads them.
 */
import type { Names } from "../../../domain/contracts/common";
import { CacheWhileListening, readThrough } from "../../platform/cache-while-listening";
import type { DbOrTx } from "../../platform/db";
import type { EventBus } from "../../platform/events";
import { namesOf } from "../../platform/sql";
import { BODY_CHANGED_CHANNEL, bodiesByIds, type TerritoryRecord, territoriesByCodes } from "../registry";

type Held = {
  bodies: CacheWhileListening<Names | null>;
  territories: CacheWhileListening<TerritoryRecord | null>;
};
const TTL_MS = 60_000;
const followed = new WeakMap<object, Held>();

/** Hold names read through `db` while `bus` hears of changes to bodies and territories; returns the way to stop. */
export function followObjectNames(db: DbOrTx, bus: EventBus): () => void {
  const h: Held = {
    bodies: new CacheWhileListening<Names | null>(TTL_MS, 50_000),
    territories: new CacheWhileListening<TerritoryRecord | null>(TTL_MS, 50_000),
  };
  followed.set(db, h);
  const stops = [h.bodies, h.territories].map((c) => c.follow(bus, BODY_CHANGED_CHANNEL, () => "all"));
  return () => {
    for (const stop of stops) stop();
    if (followed.get(db) === h) followed.delete(db);
  };
}

/** The names of these bodies (owners), by id; unknown ids left out. */
export function bodyNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, Names>> {
  return readThrough(followed.get(db)?.bodies, ids, async (missing) => {
    const rows = await bodiesByIds(db, missing);
    return new Map(rows.map((b) => [b.id, namesOf(b)]));
  });
}

/** These territories, by KATO code; unknown codes left out. */
export function territoryRecords(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, TerritoryRecord>> {
  return readThrough(followed.get(db)?.territories, codes, async (missing) => {
    const rows = await territoriesByCodes(db, missing);
    return new Map(rows.map((t) => [t.code, t]));
  });
}
