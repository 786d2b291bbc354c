/**
 * Waves (issue #3 §3): which open reports form a campaign, decided for a whole batch at once —
 * pure, no I/O (server/modules/incidents/waves.ts reads and writes). The rule, as before:
 * a report joins the open campaign of its type whose signature is most similar (pg_trgm similarity
 * ≥ CAMPAIGN_MIN_SIMILARITY) and that has had a report within the window; failing that, it starts
 * a campaign together with every other ungrouped open report of its type within the window that is
 * as similar to it. Reports are examined oldest first.
 */
import { CAMPAIGN_MIN_SIMILARITY, CAMPAIGN_WINDOW_HOURS } from "./incidents";
import { similarity, trigramSet } from "./trigram";

export type WaveReport = { id: string; type: string; description: string; receivedAt: Date };
export type OpenCampaign = { id: string; type: string; signature: string; lastReportAt: Date };

export type WavePlan = {
  /** Existing campaigns that get reports, with their new last report time. */
  joined: { campaignId: string; incidentIds: string[]; lastReportAt: Date }[];
  /** New campaigns: started by `first`, with all their reports (first included). */
  started: { first: WaveReport; incidentIds: string[] }[];
};

const WINDOW_MS = CAMPAIGN_WINDOW_HOURS * 3_600_000;
const MAX_PEERS = 1000;

/**
 * @param candidates reports not examined yet (oldest first)
 * @param pool every ungrouped open report of the window (candidates included)
 */
export function planWaves(candidates: WaveReport[], pool: WaveReport[], campaigns: OpenCampaign[]): WavePlan {
  const sets = new Map<string, Set<string>>();
  const setOf = (text: string) => {
    let s = sets.get(text);
    if (!s) {
      s = trigramSet(text);
      sets.set(text, s);
    }
    return s;
  };
  // Postings per type over the pool: trigram → pool positions (shared counts give similarity exactly).
  const postings = new Map<string, Map<string, number[]>>();
  pool.forEach((r, i) => {
    let byTrigram = postings.get(r.type);
    if (!byTrigram) {
      byTrigram = new Map();
      postings.set(r.type, byTrigram);
    }
    for (const t of setOf(r.description)) {
      const l = byTrigram.get(t);
      if (l) l.push(i);
      else byTrigram.set(t, [i]);
    }
  });
  const grouped = new Set<string>();
  const live = campaigns.map((c) => ({ ...c, add: [] as string[] }));
  const started: WavePlan["started"] = [];
  const counts = new Int32Array(pool.length);

  for (const r of [...candidates].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
    if (grouped.has(r.id)) continue;
    const mine = setOf(r.description);
    const since = r.receivedAt.getTime() - WINDOW_MS;
    let best: (typeof live)[number] | null = null;
    let bestSim = -1;
    for (const c of live) {
      if (c.type !== r.type || c.lastReportAt.getTime() < since) continue;
      const s = similarity(setOf(c.signature), mine);
      if (s >= CAMPAIGN_MIN_SIMILARITY && s > bestSim) {
        best = c;
        bestSim = s;
      }
    }
    if (best) {
      best.add.push(r.id);
      if (r.receivedAt > best.lastReportAt) best.lastReportAt = r.receivedAt;
      grouped.add(r.id);
      continue;
    }
    // Peers: count shared trigrams with every pool report of the type.
    const byTrigram = postings.get(r.type);
    if (!byTrigram) continue;
    const touched: number[] = [];
    for (const t of mine) {
      for (const i of byTrigram.get(t) ?? []) {
        if (counts[i] === 0) touched.push(i);
        counts[i]++;
      }
    }
    const peers: string[] = [];
    for (const i of touched) {
      const p = pool[i];
      const shared = counts[i];
      counts[i] = 0;
      if (peers.length >= MAX_PEERS || p.id === r.id || grouped.has(p.id)) continue;
      if (p.receivedAt.getTime() < since) continue;
      const size = setOf(p.description).size;
      const s = Math.fround(Math.fround(shared) / Math.fround(mine.size + size - shared));
      if (s >= CAMPAIGN_MIN_SIMILARITY) peers.push(p.id);
    }
    if (!peers.length) continue;
    const ids = [r.id, ...peers];
    for (const id of ids) grouped.add(id);
    started.push({ first: r, incidentIds: ids });
    // Later reports of this tick may join it like any open campaign.
    live.push({
      id: `new:${started.length - 1}`,
      type: r.type,
      signature: r.description,
      lastReportAt: r.receivedAt,
      add: [],
    });
  }
  const joined: WavePlan["joined"] = [];
  for (const c of live) {
    if (!c.add.length) continue;
    if (c.id.startsWith("new:")) started[Number(c.id.slice(4))].incidentIds.push(...c.add);
    else joined.push({ campaignId: c.id, incidentIds: c.add, lastReportAt: c.lastReportAt });
  }
  return { joined, started };
}
