/**
 * The wave planner's thread, seen from the main thread (issue #3 §3): one worker per process, started
 * on first use, holding one index per database (wave-worker.ts). A pass's trigram work — indexing
 * its reports and finding their peers — runs there, so requests are never held up by it.
 *
 * From sources (tsx, the tests) the worker starts at wave-worker.dev.mjs, which registers tsx; in the
 * bundle (`npm run build:server`) it loads wave-worker.mjs, built next to qorgan.mjs. A worker that
 * fails, exits or does not answer within a minute (hung) is stopped and rejects what it was asked;
 * the next request starts another, with no indexes: the `epoch` changes, and a caller holding an
 * index from an earlier epoch loads it again.
 */
import { Worker } from "node:worker_threads";
import type { PlannedPass, PlannerReply, PlannerRequest } from "./wave-worker";

type Pending = { resolve(v: PlannedPass | null): void; reject(e: unknown): void; timer: NodeJS.Timeout };

/** A request not answered within this time is taken as a hung thread: it is stopped (and started anew). */
const ANSWER_WITHIN_MS = 60_000;

function startWorker(): Worker {
  const here = import.meta.url;
  // Sources: wave-worker.dev.mjs registers tsx first. Bundle: wave-worker.mjs next to qorgan.mjs.
  return new Worker(new URL(here.endsWith(".ts") ? "./wave-worker.dev.mjs" : "./wave-worker.mjs", here));
}

/** How a planner thread is started and how long it may take to answer (the tests start hung ones). */
export type PlannerOptions = { start?: () => Worker; answerWithinMs?: number };

export class PlannerThread {
  private worker: Worker | null = null;
  private readonly start: () => Worker;
  private readonly answerWithinMs: number;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private epoch = 0;
  private fail: (e: unknown) => void = () => {};

  constructor(opts: PlannerOptions = {}) {
    this.start = opts.start ?? startWorker;
    this.answerWithinMs = opts.answerWithinMs ?? ANSWER_WITHIN_MS;
  }

  /** Whether a thread is running now (and may hold indexes). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Changes whenever a new worker starts: indexes held by an earlier one are gone. */
  currentEpoch(): number {
    this.ensure();
    return this.epoch;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.start();
    this.epoch++;
    w.unref();
    const fail = (e: unknown) => {
      if (this.worker !== w) return;
      this.worker = null;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) {
        clearTimeout(p.timer);
        p.reject(e);
      }
      void w.terminate();
    };
    w.on("message", (r: PlannerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      clearTimeout(p.timer);
      if (!this.pending.size) w.unref();
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(r.error));
    });
    this.fail = fail;
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`wave planner thread exited (${code})`)));
    this.worker = w;
    return w;
  }

  /** Stop the thread: what it was asked is rejected and its indexes are lost (the next request starts another). */
  async terminate(): Promise<void> {
    const w = this.worker;
    if (w) await w.terminate();
  }

  /** Ask the thread; holds the process open while an answer is awaited. */
  request(req: PlannerRequest): Promise<PlannedPass | null> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`wave planner thread: no answer within ${this.answerWithinMs} ms`)),
        this.answerWithinMs,
      );
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      w.ref();
      w.postMessage({ id, req });
    });
  }
}

export const plannerThread = new PlannerThread();
