/**
 * A store for @fastify/rate-limit in the database (rate-limit.tables.ts), so that a limit holds for
 * all instances together: N instances behind a balancer count one client's attempts once, not N
 * times. One upsert per limited request: the key's counter in its current window, restarted when the
 * window has passed. Windows are fixed (from the first hit), as with the plugin's own memory store.
 * Keys are the route (method and path) and the client address (`req.ip`, through trusted proxies).
 * Expired rows are deleted by the instance that notices, at most once a minute.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { sql } from "drizzle-orm";
import type { Database } from "./db";
import { rowsOf } from "./sql";

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

export function sharedRateLimitStore(database: Database): FastifyRateLimitStoreCtor {
  let lastPurge = 0;
  const purgeNowAndThen = () => {
    if (Date.now() - lastPurge < 60_000) return;
    lastPurge = Date.now();
    rowsOf(database.db, sql`delete from rate_limit_hit where reset_at < now() - interval '1 minute'`).catch(
      () => {},
    );
  };

  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = "") {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      purgeNowAndThen();
      rowsOf<{ hits: number; ttl: number }>(
        database.db,
        sql`insert into rate_limit_hit as h (key, hits, reset_at)
              values (${this.prefix + key}, 1, now() + ${timeWindow} * interval '1 millisecond')
            on conflict (key) do update set
              hits = case when h.reset_at <= now() then 1 else h.hits + 1 end,
              reset_at = case when h.reset_at <= now() then excluded.reset_at else h.reset_at end
            returning hits, greatest(0, ceil(extract(epoch from h.reset_at - now()) * 1000))::int as ttl`,
      ).then(
        ([r]) => cb(null, { current: r.hits, ttl: r.ttl }),
        (e: Error) => cb(e),
      );
    }

    read(key: string, cb: Callback): void {
      rowsOf<{ hits: number; ttl: number }>(
        database.db,
        sql`select hits, greatest(0, ceil(extract(epoch from reset_at - now()) * 1000))::int as ttl
              from rate_limit_hit where key = ${this.prefix + key} and reset_at > now()`,
      ).then(
        ([r]) => cb(null, r ? { current: r.hits, ttl: r.ttl } : { current: 0, ttl: 0 }),
        (e: Error) => cb(e),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]): FastifyRateLimitStore {
      // The plugin passes the route's merged limit settings, its route under `routeInfo` (types say otherwise).
      const route = (routeOptions as unknown as { routeInfo?: { method?: unknown; url?: unknown } })
        .routeInfo;
      return new SharedRateLimitStore(`${String(route?.method ?? "")} ${String(route?.url ?? "")} `);
    }
  }
  return SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
