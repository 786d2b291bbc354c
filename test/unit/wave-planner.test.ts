/**
 * The wave planner's thread seen from the main thread (issue #3 §3): a thread that hangs or dies is
 * stopped, what it was asked is rejected, and the next request starts another with a new epoch.
 * Real threads: one that answers "drop" and spins for ever on anything else.
 */
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PlannerThread } from "../../src/server/modules/incidents/wave-planner";
import type { PlannerRequest } from "../../src/server/modules/incidents/wave-worker";

const HANGS_ON_PLAN = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, req }) => {
  if (req.op === "plan") for (;;) {}
  if (req.op === "remove") process.exit(3);
  parentPort.postMessage({ id, ok: true, value: null });
});`;

function planner(answerWithinMs: number) {
  const started: Worker[] = [];
  const exited: Promise<number>[] = [];
  const thread = new PlannerThread({
    answerWithinMs,
    start: () => {
      const w = new Worker(HANGS_ON_PLAN, { eval: true });
      started.push(w);
      exited.push(new Promise((r) => w.once("exit", r)));
      return w;
    },
  });
  return { thread, started, exited };
}

const plan: PlannerRequest = { op: "plan", key: 1, since: new Date(0), candidates: [], campaigns: [] };

describe("the wave planner's thread", () => {
  it("stops a thread that does not answer in time, rejects all it was asked, and starts anew", async () => {
    const { thread, started, exited } = planner(300);
    await expect(thread.request({ op: "drop", key: 1 })).resolves.toBeNull();
    const first = thread.currentEpoch();
    expect(thread.running).toBe(true);

    const t0 = Date.now();
    const hung = thread.request(plan);
    const queued = thread.request({ op: "drop", key: 2 }); // behind the hung one, never answered either
    await expect(hung).rejects.toThrow(/no answer within 300 ms/);
    await expect(queued).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(thread.running).toBe(false);
    await exited[0]; // the spinning thread was really stopped, not left running

    // The next request gets a fresh thread; a caller sees the epoch change and loads its index again.
    await expect(thread.request({ op: "drop", key: 1 })).resolves.toBeNull();
    expect(started).toHaveLength(2);
    expect(thread.currentEpoch()).toBe(first + 1);
    await thread.terminate();
  });

  it("rejects at once when the thread dies, and starts anew", async () => {
    const { thread, started } = planner(60_000);
    const t0 = Date.now();
    await expect(thread.request({ op: "remove", key: 1, ids: [] })).rejects.toThrow(/exited \(3\)/);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(thread.running).toBe(false);
    await expect(thread.request({ op: "drop", key: 1 })).resolves.toBeNull();
    expect(started).toHaveLength(2);
    await thread.terminate();
  });
});
