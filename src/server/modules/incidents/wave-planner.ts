/**
 * The wave planner: holds the index of ungrouped reports of each database between
 * passes (`key`: the database's, waves.ts) and plans each pass on it (domain/waves.ts: prefix
 * filtering over the rarest trigrams, exact verification). No I/O: waves.ts reads and writes, this
 * computes, on the main thread (a worker thread of its own bought nothing a user would notice:
 * docs/internals.md, "Speed mechanisms").
 */
import {
  type OpenCampaign,
  planWaves,
  WaveIndex,
  type WavePlan,
  type WaveReport,
} from "../../../domain/waves";

/** A plan, and when each report in its new campaigns was received (epoch ms). */
export type PlannedPass = { plan: WavePlan; receivedAt: Record<string, number> };

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

/** A new index for `key`, holding `reports`. */
export function loadIndex(key: number, reports: WaveReport[]): void {
  const index = new WaveIndex();
  for (const r of reports) index.add(r);
  states.set(key, { index, candidates: [] });
}

/** Whether `key` has an index. */
export function hasIndex(key: number): boolean {
  return states.has(key);
}

/** Forget reports received before `since`, add `candidates`, plan them against `campaigns`. */
export function planPass(
  key: number,
  since: Date,
  candidates: WaveReport[],
  campaigns: OpenCampaign[],
): PlannedPass {
  const s = stateOf(key);
  s.index.expire(since);
  for (const c of candidates) s.index.add(c);
  s.candidates = candidates;
  return planned(s, campaigns);
}

/** Drop `gone` from the index and plan the last candidates still in it again. */
export function replanPass(key: number, gone: string[], campaigns: OpenCampaign[]): PlannedPass {
  const s = stateOf(key);
  for (const id of gone) s.index.remove(id);
  return planned(s, campaigns);
}

/** Drop reports from the index (grouped). */
export function removeFromIndex(key: number, ids: string[]): void {
  const s = stateOf(key);
  for (const id of ids) s.index.remove(id);
  s.candidates = [];
}

/** Forget the index of `key`. */
export function dropIndex(key: number): void {
  states.delete(key);
}
