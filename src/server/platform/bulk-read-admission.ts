/**
 * Shedding bulk reads under overload (so that sign-in and reports are not starved under load). The embedded database
 * answers one query at a time, so 100 clients reading lists and dashboards queued every other
 * request behind theirs: a sign-in waited 5–28 s. Here GET requests under /api/ — lists, dashboards,
 * exports, details — are admitted at most `concurrency` at once; up to `queue` more wait in turn, at
 * most `maxWaitMs`; the rest are refused at once with 503 `server_overloaded` and Retry-After, before
 * any database work. What must go first never waits here: every change (sign-in, incident intake,
 * triage: not GET), the live streams (`/api/events/…`, long-lived), the session and health routes.
 * It buys a bounded wait for those: they queue behind at most `concurrency` reads, not hundreds.
 * QORGAN_SHED_BULK_READS=off (AppConfig.bulkReads null) admits everything, for the baseline of
 * `bench/overload.ts`.
 */
import type { FastifyInstance } from "fastify";
import { AppError } from "./errors";

export type BulkReadSettings = {
  /** Bulk reads running at once. */
  concurrency: number;
  /** Bulk reads waiting for a turn; one more is refused at once. */
  queue: number;
  /** A read still waiting after this long is refused. */
  maxWaitMs: number;
  /** What a refusal's Retry-After header says, in seconds. */
  retryAfterSeconds: number;
};

export const defaultBulkReadSettings: BulkReadSettings = {
  concurrency: 6,
  queue: 48,
  maxWaitMs: 3_000,
  retryAfterSeconds: 2,
};

/** Requests that are never held back: not reads, or reads that must answer whatever the load. */
const PRIORITY = /^\/api\/(auth\/|events\/|health$|meta$)/;

export const isBulkRead = (method: string, url: string) =>
  method === "GET" && url.startsWith("/api/") && !PRIORITY.test(url.split("?")[0]);

/** Counters for diagnostics and the benchmark. */
export type BulkReadStats = { admitted: number; shed: number; running: number; waiting: number };

declare module "fastify" {
  interface FastifyInstance {
    bulkReads: BulkReadStats | null;
  }
}

export function registerBulkReadAdmission(app: FastifyInstance, settings: BulkReadSettings | null) {
  if (!settings) {
    app.decorate("bulkReads", null);
    return;
  }
  const stats: BulkReadStats = { admitted: 0, shed: 0, running: 0, waiting: 0 };
  app.decorate("bulkReads", stats);
  const waiting: (() => void)[] = [];
  const release = () => {
    stats.running--;
    const next = waiting.shift();
    if (next) next();
  };
  const refuse = () => {
    stats.shed++;
    return new AppError(503, "server_overloaded", { seconds: settings.retryAfterSeconds });
  };
  app.addHook("onRequest", async (req, reply) => {
    if (!isBulkRead(req.method, req.url)) return;
    if (stats.running >= settings.concurrency) {
      if (waiting.length >= settings.queue) {
        reply.header("retry-after", String(settings.retryAfterSeconds));
        throw refuse();
      }
      stats.waiting++;
      const admitted = await new Promise<boolean>((resolve) => {
        const go = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const i = waiting.indexOf(go);
          if (i >= 0) waiting.splice(i, 1);
          resolve(false);
        }, settings.maxWaitMs);
        waiting.push(go);
      });
      stats.waiting--;
      if (!admitted) {
        reply.header("retry-after", String(settings.retryAfterSeconds));
        throw refuse();
      }
    }
    stats.running++;
    stats.admitted++;
    let released = false;
    // Given back when the answer is sent or the client goes away, whichever comes first.
    reply.raw.once("close", () => {
      if (!released) {
        released = true;
        release();
      }
    });
  });
}
