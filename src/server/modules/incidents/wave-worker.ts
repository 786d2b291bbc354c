/**
 * The wave planner's thread (waves.ts starts it): holds the index of ungrouped reports of each
 * database and plans passes on it (domain/waves.ts), so the trigram work of a pass never runs on the
 * thread that answers requests. No I/O: the main thread reads and writes, this thread computes.
 */
import { parentPort } from "node:worker_threads";
import {
  type OpenCampaign,
  planWaves,
  WaveIndex,
  type WavePlan,
  type WaveReport,
} from "../../../domain/waves";

/** What the main thread asks; each request has an id, answered once (wave-planner.ts). */
export type PlannerRequest =
  /** A new index for `key`, holding `reports`. */
  | { op: "load"; key: number; reports: WaveReport[] }
  /** Forget reports received before `since`, add `candidates`, plan them against `campaigns`. */
  | { op: "plan"; key: number; since: Date; candidates: WaveReport[]; campaigns: OpenCampaign[] }
  /** Drop `gone` from the index and plan the last candidates still in it again. */
  | { op: "replan"; key: number; gone: string[]; campaigns: OpenCampaign[] }
  /** Drop reports from the index (grouped). */
  | { op: "remove"; key: number; ids: string[] }
  /** Forget the index of `key`. */
  | { op: "drop"; key: number };

/** A plan, and when each report in its new campaigns was received (epoch ms). */
export type PlannedPass = { plan: WavePlan; receivedAt: Record<string, number> };

export type PlannerReply =
  | { id: number; ok: true; value: PlannedPass | null }
  | { id: number; ok: false; error: string };

type State = { index: WaveIndex; candidates: WaveReport[] };

const states = new Map<number, State>();

function stateOf(key: number): State {
  const s = states.get(key);
  if (!s) throw new Error(`wave planner: no index for ${key}`);
  return s;
}

function planned(s: State, campaigns: OpenCampaign[]): PlannedPass {
  const plan = planWaves(
    s.candidates.filter((c) => s.index.has(c.id)),
    s.index,
    campaigns,
  );
  const receivedAt: Record<string, number> = {};
  for (const st of plan.started)
    for (const id of st.incidentIds) {
      const at = s.index.receivedAtOf(id);
      if (at !== undefined) receivedAt[id] = at;
    }
  return { plan, receivedAt };
}

export function handle(req: PlannerRequest): PlannedPass | null {
  switch (req.op) {
    case "load": {
      const index = new WaveIndex();
      for (const r of req.reports) index.add(r);
      states.set(req.key, { index, candidates: [] });
      return null;
    }
    case "plan": {
      const s = stateOf(req.key);
      s.index.expire(req.since);
      for (const c of req.candidates) s.index.add(c);
      s.candidates = req.candidates;
      return planned(s, req.campaigns);
    }
    case "replan": {
      const s = stateOf(req.key);
      for (const id of req.gone) s.index.remove(id);
      return planned(s, req.campaigns);
    }
    case "remove": {
      const s = stateOf(req.key);
      for (const id of req.ids) s.index.remove(id);
      s.candidates = [];
      return null;
    }
    case "drop":
      states.delete(req.key);
      return null;
  }
}

parentPort?.on("message", (msg: { id: number; req: PlannerRequest }) => {
  let reply: PlannerReply;
  try {
    reply = { id: msg.id, ok: true, value: handle(msg.req) };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
