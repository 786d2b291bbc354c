/**
 * Heavy work per instance: imports of uploaded files and the XLSX/PDF documents
 * the server writes hold tens of megabytes each while they run, so an instance runs at most
 * `concurrency` of them at once and lets at most `queue` more wait, first come first served. One more
 * is refused at once — and a waiting one after `maxWaitMs` — with 503, a Retry-After header and the
 * localised code `server_busy`, before any of its work is done: a refused import has written nothing.
 * The settings come from AppConfig (`QORGAN_HEAVY_CONCURRENCY`, `QORGAN_HEAVY_QUEUE`, see config.ts).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { AppError } from "./errors";

export type HeavyKind = "import" | "export" | "pdf";

export type HeavyWorkSettings = {
  /** Heavy jobs running at once in this instance. */
  concurrency: number;
  /** Jobs waiting for a turn; one more is refused at once. */
  queue: number;
  /** A job still waiting after this long is refused rather than started late. */
  maxWaitMs: number;
  /** What a refusal's Retry-After header says, in seconds. */
  retryAfterSeconds: number;
};

export const defaultHeavyWorkSettings: HeavyWorkSettings = {
  concurrency: 2,
  queue: 8,
  maxWaitMs: 30_000,
  retryAfterSeconds: 10,
};

/** Refused: every slot and every place in the queue taken, or waited too long. */
export class HeavyWorkBusy extends Error {
  constructor(readonly kind: HeavyKind) {
    super(`heavy work (${kind}): no capacity`);
    this.name = "HeavyWorkBusy";
  }
}

type Waiting = { go: () => void; timer: NodeJS.Timeout };

/** N running, M waiting; the slot is given back when the job settles, however it ends. */
export class HeavyWork {
  private active = 0;
  private readonly waiting: Waiting[] = [];

  constructor(readonly settings: HeavyWorkSettings) {}

  get running() {
    return this.active;
  }
  get queued() {
    return this.waiting.length;
  }

  run<T>(kind: HeavyKind, job: () => Promise<T>): Promise<T> {
    if (this.active < this.settings.concurrency) return this.start(job);
    if (this.waiting.length >= this.settings.queue) return Promise.reject(new HeavyWorkBusy(kind));
    return new Promise<T>((resolve, reject) => {
      const w: Waiting = {
        go: () => {
          clearTimeout(w.timer);
          this.start(job).then(resolve, reject);
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new HeavyWorkBusy(kind));
        }, this.settings.maxWaitMs),
      };
      this.waiting.push(w);
    });
  }

  private async start<T>(job: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.waiting.shift()?.go();
    }
  }
}

declare module "fastify" {
  interface FastifyInstance {
    heavyWork: HeavyWork;
  }
}

/** One queue for the whole app (every route plugin sees it). */
export function registerHeavyWork(app: FastifyInstance, settings: HeavyWorkSettings) {
  app.decorate("heavyWork", new HeavyWork(settings));
}

/**
 * Run a route's heavy `job` in its turn. Refused → 503 `server_busy` with Retry-After (set on `reply`
 * here; headers a route sets for its document belong after this call, not before).
 */
export async function runHeavy<T>(reply: FastifyReply, kind: HeavyKind, job: () => Promise<T>): Promise<T> {
  const heavy = reply.server.heavyWork;
  try {
    return await heavy.run(kind, job);
  } catch (e) {
    if (!(e instanceof HeavyWorkBusy)) throw e;
    const seconds = heavy.settings.retryAfterSeconds;
    reply.log.warn({ kind, running: heavy.running, queued: heavy.queued }, "heavy work refused");
    reply.header("retry-after", String(seconds));
    throw new AppError(503, "server_busy", { seconds });
  }
}
