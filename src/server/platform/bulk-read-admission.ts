/**
 * Bulk reads yield to what must go first, and are shed when their wait grows (hardening: 100 clients
 * reading lists and dashboards starved sign-in for 5–28 s on the embedded database).
 *
 * What must go first is never held here: every change (sign-in, incident intake, triage: not GET),
 * the live streams (`/api/events/…`, long-lived), the session, health and meta routes. Every other GET
 * under /api/ — lists, dashboards, exports, details — is a bulk read and passes this gate:
 *
 * - At most `limit` run at once: `concurrency` on PostgreSQL; `embeddedConcurrency` on the embedded
 *   database, which runs one query at a time on this process's main thread (more reads in flight add
 *   nothing there but a longer line of queries in front of a sign-in's).
 * - They yield to changes: while a change is being answered (each for at most `yieldToChangesMs`), no
 *   new bulk read starts, so a sign-in's or a report's queries wait behind at most the reads already
 *   running, not behind a hundred.
 * - The limit follows the event loop: its delay (p99 over each 250 ms, perf_hooks'
 *   monitorEventLoopDelay) above `targetLoopDelayMs` halves the limit, below half of it the limit
 *   grows by one again up to its ceiling (additive increase, multiplicative decrease, as TCP does).
 *   When the process itself is saturated — JSON of big answers, the embedded database's queries —
 *   fewer reads are let in before everything slows down.
 * - The others wait in turn, parked (a parked request costs nothing): at most `queue` of them, each at
 *   most `maxWaitMs`; beyond either it is refused with 503 `server_overloaded` and Retry-After, before
 *   any database work.
 *
 * @fastify/under-pressure was weighed: it sheds every route alike once the loop delay, heap or RSS
 * passes a threshold (sign-in included unless each route is exempted) and cannot queue or prioritise;
 * the one measure used from it, the event-loop delay, is read here from perf_hooks directly.
 *
 * QORGAN_SHED_BULK_READS=off (AppConfig.bulkReads null) admits everything, for the baseline of
 * `bench/overload.ts`.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { AppError } from "./errors";

export type BulkReadSettings = {
  /** Bulk reads running at once on PostgreSQL (the ceiling of the adaptive limit). */
  concurrency: number;
  /** The same on the embedded database. */
  embeddedConcurrency: number;
  /** Bulk reads waiting for a turn; one more is refused at once. */
  queue: number;
  /** A read still waiting after this long is refused. */
  maxWaitMs: number;
  /** What a refusal's Retry-After header says, in seconds. */
  retryAfterSeconds: number;
  /** How long one change in progress holds back new bulk reads (a long import does not stop them). */
  yieldToChangesMs: number;
  /** Event-loop delay above which fewer bulk reads are admitted; 0 turns the adaptation off. */
  targetLoopDelayMs: number;
};

export const defaultBulkReadSettings: BulkReadSettings = {
  concurrency: 8,
  embeddedConcurrency: 2,
  queue: 512,
  maxWaitMs: 4_000,
  retryAfterSeconds: 2,
  yieldToChangesMs: 2_000,
  targetLoopDelayMs: 100,
};

/** Reads that are never held back: they must answer whatever the load. */
const PRIORITY = /^\/api\/(auth\/|events\/|health$|meta$)/;

const path = (url: string) => url.split("?")[0];
export const isBulkRead = (method: string, url: string) =>
  method === "GET" && url.startsWith("/api/") && !PRIORITY.test(path(url));
/** A change: what bulk reads yield to. */
const isChange = (method: string, url: string) =>
  method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && url.startsWith("/api/");

/** Counters for diagnostics and the benchmark. */
export type BulkReadStats = {
  admitted: number;
  shed: number;
  running: number;
  waiting: number;
  /** The limit now (adapted to the event loop's delay). */
  limit: number;
  /** The event loop's delay, p99 of the last 250 ms, in ms. */
  loopDelayMs: number;
  /** The longest an admitted read waited for its turn, in ms. */
  longestWaitMs: number;
};

declare module "fastify" {
  interface FastifyInstance {
    bulkReads: BulkReadStats | null;
  }
}

export function registerBulkReadAdmission(
  app: FastifyInstance,
  settings: BulkReadSettings | null,
  { embedded = false }: { embedded?: boolean } = {},
) {
  if (!settings) {
    app.decorate("bulkReads", null);
    return;
  }
  const ceiling = Math.max(1, embedded ? settings.embeddedConcurrency : settings.concurrency);
  const stats: BulkReadStats = {
    admitted: 0,
    shed: 0,
    running: 0,
    waiting: 0,
    limit: ceiling,
    loopDelayMs: 0,
    longestWaitMs: 0,
  };
  app.decorate("bulkReads", stats);

  /** Changes in progress, by when each began (only the last `yieldToChangesMs` of them hold reads back). */
  const changes = new Set<number>();
  const holding = () => {
    const since = performance.now() - settings.yieldToChangesMs;
    for (const at of changes) if (at > since) return true;
    return false;
  };
  const waiting: (() => void)[] = [];
  // The next read is let in from setImmediate, never in the same turn as the answer that freed its slot.
  // An answer's "close" comes in a nextTick, and on the embedded database a read runs its queries as
  // promise continuations on this thread: let in at once, one read after another would run as one
  // unbroken chain of ticks and microtasks, and the event loop would not read a socket until the line
  // was empty — a sign-in sent meanwhile waited 5–8 s unread (bench/overload.ts). From setImmediate the
  // loop polls first, so a change that has arrived is seen, and holds the line, before another read starts.
  let scheduled = false;
  const admit = () => {
    scheduled = false;
    while (waiting.length && stats.running < stats.limit && !holding()) waiting.shift()?.();
  };
  const pump = () => {
    if (scheduled || !waiting.length) return;
    scheduled = true;
    setImmediate(admit);
  };

  let sampler: ReturnType<typeof setInterval> | undefined;
  const loop = settings.targetLoopDelayMs > 0 ? monitorEventLoopDelay({ resolution: 10 }) : null;
  if (loop) {
    loop.enable();
    sampler = setInterval(() => {
      const delay = loop.percentile(99) / 1e6;
      loop.reset();
      stats.loopDelayMs = Math.round(delay);
      if (delay > settings.targetLoopDelayMs) stats.limit = Math.max(1, Math.floor(stats.limit / 2));
      else if (delay < settings.targetLoopDelayMs / 2 && stats.limit < ceiling) stats.limit++;
      pump();
    }, 250);
    sampler.unref();
  }
  app.addHook("onClose", async () => {
    clearInterval(sampler);
    loop?.disable();
  });

  const refuse = (reply: { header(k: string, v: string): unknown }) => {
    stats.shed++;
    reply.header("retry-after", String(settings.retryAfterSeconds));
    return new AppError(503, "server_overloaded", { seconds: settings.retryAfterSeconds });
  };

  app.addHook("onRequest", async (req, reply) => {
    if (isChange(req.method, req.url)) {
      const at = performance.now();
      changes.add(at);
      // Reads held back by this change go on when it is answered, or when it has held them long enough.
      const timer = setTimeout(pump, settings.yieldToChangesMs + 1);
      timer.unref();
      reply.raw.once("close", () => {
        changes.delete(at);
        clearTimeout(timer);
        pump();
      });
      return;
    }
    if (!isBulkRead(req.method, req.url)) return;
    // "close": the answer is sent or the client went away — whichever comes first gives the slot back
    // (or takes the read out of the line, when it was still waiting).
    let state: "waiting" | "running" | "done" = "waiting";
    let leave = () => {};
    reply.raw.once("close", () => {
      if (state === "running") {
        stats.running--;
        pump();
      } else if (state === "waiting") leave();
      state = "done";
    });
    // Every read waits for its turn, even when a slot is free: it is let in from setImmediate (pump),
    // after the event loop has polled its sockets. A read let in here, in the socket's own callback,
    // would run to its answer before the next socket is read on the embedded database — whose queries
    // never wait for I/O — so one poll of a hundred waiting clients took seconds, and a sign-in that
    // arrived meanwhile was not even accepted until they were all answered (bench/overload.ts).
    // The line holds `queue` reads beyond those a free slot will take at once.
    if (waiting.length >= settings.queue + Math.max(0, stats.limit - stats.running)) {
      state = "done";
      throw refuse(reply);
    }
    stats.waiting++;
    const queuedAt = performance.now();
    const admitted = await new Promise<boolean>((resolve) => {
      const out = (ok: boolean) => {
        clearTimeout(timer);
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        resolve(ok);
      };
      const go = () => {
        // Taken here, in the same turn as admit's check: no other read can take the slot first.
        stats.running++;
        state = "running";
        out(true);
      };
      const timer = setTimeout(() => out(false), settings.maxWaitMs);
      leave = () => out(false);
      waiting.push(go);
      pump();
    });
    stats.waiting--;
    if (!admitted) {
      if (state === "waiting") state = "done";
      throw refuse(reply);
    }
    stats.longestWaitMs = Math.max(stats.longestWaitMs, Math.round(performance.now() - queuedAt));
    stats.admitted++;
  });
}
