/**
 * Cache while listening — speed mechanism (switch: QORGAN_CACHE_WHILE_LISTENING=off).
 *
 * Buys: a request does not ask the database again what it asked a moment ago — the session behind a
 * cookie (every request; modules/auth) and routing's reference rows (every report; intake's
 * routing-cache.ts). On the embedded database, whose one thread answers every query, it is most of
 * the speed: bench/run.ts (PGlite, 10,190 bodies, 2026-12-06) registry search 1,491–7,043 req/s with
 * it, 154–175 without (p99 56–322 ms against 3.3–3.9 s). bench/incidents.ts intake part (PostgreSQL):
 * ~1,000 reports/s with it, 266–302 without; CPU per report 0.35 ms of the server against 0.9–1.1 ms
 * (docs/internals.md, "Speed mechanisms").
 *
 * Values are held in memory only while this instance hears of every change to what they were read
 * from: triggers NOTIFY a channel on commit of any change, whoever writes (this instance, another
 * behind the load balancer, the CLI, plain SQL), and the event bus says when its LISTEN connection
 * is up. While it is down nothing is held and every read asks the database; when it comes back
 * everything held is dropped, since what was said meanwhile was not heard. Switched off, nothing is
 * ever held: every read asks the database.
 *
 * A value read from the database before a change and put after the change was heard is not kept
 * (`generation`): read it, note the generation first, put it with that generation.
 */
import type { EventBus } from "./events";
import { speedOn } from "./speed-switches";

export class CacheWhileListening<V> {
  private entries = new Map<string, { value: V; until: number }>();
  /** Moves on with every change heard. */
  generation = 0;
  private listeners = 0;
  private readonly enabled = speedOn("cacheWhileListening");

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** Whether values are held now: switched on and its listener up. */
  get active() {
    return this.enabled && this.listeners > 0;
  }

  /**
   * Hold values while `bus` hears `channel`; `changed` says what a notification makes stale: a test
   * over held values, or "all". Returns the way to stop following.
   */
  follow(
    bus: EventBus,
    channel: string,
    changed: (payload: unknown) => ((value: V) => boolean) | "all",
  ): () => void {
    let on = false;
    const unsubscribe = bus.subscribe(channel, (payload) => {
      const stale = changed(payload);
      if (stale === "all") this.clear();
      else this.drop(stale);
    });
    const unwatch = bus.watchConnection((connected) => {
      if (connected === on) return;
      on = connected;
      this.listeners += connected ? 1 : -1;
      this.clear();
    });
    return () => {
      unwatch();
      unsubscribe();
      if (on) this.listeners--;
      on = false;
      this.clear();
    };
  }

  get(key: string, now = Date.now()): V | undefined {
    if (!this.active) return undefined;
    const hit = this.entries.get(key);
    return hit && hit.until > now ? hit.value : undefined;
  }

  has(key: string, now = Date.now()): boolean {
    if (!this.active) return false;
    const hit = this.entries.get(key);
    return !!hit && hit.until > now;
  }

  /** Keep a value read at `readAt` (ms) when generation was `generation`; held until `until` at most. */
  put(key: string, value: V, readAt: number, generation: number, until = Number.POSITIVE_INFINITY) {
    if (!this.active || generation !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: Math.min(readAt + this.ttlMs, until) });
  }

  clear() {
    this.entries.clear();
    this.generation++;
  }

  drop(stale: (value: V) => boolean) {
    this.generation++;
    for (const [k, e] of this.entries) if (stale(e.value)) this.entries.delete(k);
  }
}

/**
 * Keys through a cache: what it holds, the rest loaded in one call (a key not found is held as
 * absent). Without a cache (not followed), everything is loaded.
 */
export async function readThrough<V>(
  cache: CacheWhileListening<V | null> | undefined,
  keys: readonly string[],
  load: (missing: string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  const unique = [...new Set(keys)];
  if (!cache) return unique.length ? load(unique) : new Map();
  const now = Date.now();
  const out = new Map<string, V>();
  const missing: string[] = [];
  for (const k of unique) {
    if (!cache.has(k, now)) missing.push(k);
    else {
      const v = cache.get(k, now);
      if (v) out.set(k, v);
    }
  }
  if (missing.length) {
    const generation = cache.generation;
    const found = await load(missing);
    for (const k of missing) {
      const v = found.get(k) ?? null;
      cache.put(k, v, now, generation);
      if (v) out.set(k, v);
    }
  }
  return out;
}
