/**
 * Waves: which open reports form a campaign, decided for a batch at once — pure, no
 * I/O (server/modules/incidents/waves.ts reads and writes). The rule: a report joins the open
 * campaign of its type whose signature is most similar (pg_trgm similarity ≥
 * CAMPAIGN_MIN_SIMILARITY) and that has had a report within the window; failing that, it starts a
 * campaign together with every other ungrouped open report of its type within the window that is as
 * similar to it. Reports are examined oldest first.
 *
 * The ungrouped reports are kept in a WaveIndex (trigram postings per type), changed report by
 * report, so a pass costs what its new reports cost, not what the whole window holds.
 */
import { CAMPAIGN_MIN_SIMILARITY, CAMPAIGN_WINDOW_HOURS } from "./incidents";
import { trigramSet } from "./trigram";

export type WaveReport = { id: string; type: string; description: string; receivedAt: Date };
export type OpenCampaign = { id: string; type: string; signature: string; lastReportAt: Date };

export type WavePlan = {
  /** Existing campaigns that get reports, with their new last report time. */
  joined: { campaignId: string; incidentIds: string[]; lastReportAt: Date }[];
  /** New campaigns: started by `first`, with all their reports (first included). */
  started: { first: WaveReport; incidentIds: string[] }[];
};

export const WAVE_WINDOW_MS = CAMPAIGN_WINDOW_HOURS * 3_600_000;
const MAX_PEERS = 1000;
const NONE: number[] = [];

type Entry = { r: WaveReport; trigrams: Int32Array; slot: number };

/** Ungrouped open reports with trigram postings per type (trigrams interned as numbers). */
export class WaveIndex {
  private byId = new Map<string, Entry>();
  private slots: (Entry | null)[] = [];
  private postings = new Map<string, Map<number, number[]>>();
  private dict = new Map<string, number>();
  private dead = 0;
  private counts = new Int32Array(0);
  /** Scratch for `peers`: the slots a search touched (as long as `counts`). */
  private touched = new Int32Array(0);
  /** slot → number of trigrams (bounds checked without touching the entry). */
  private sizes = new Int32Array(0);

  get size() {
    return this.byId.size;
  }

  has(id: string) {
    return this.byId.has(id);
  }

  reports(): WaveReport[] {
    return [...this.byId.values()].map((e) => e.r);
  }

  /** Trigram ids, sorted (for merging two reports' trigrams). */
  private intern(set: Set<string>): Int32Array {
    const out = new Int32Array(set.size);
    let k = 0;
    for (const t of set) {
      let n = this.dict.get(t);
      if (n === undefined) {
        n = this.dict.size;
        this.dict.set(t, n);
      }
      out[k++] = n;
    }
    return out.sort();
  }

  /** When a report in the index was received (epoch ms); undefined when it is not in the index. */
  receivedAtOf(id: string): number | undefined {
    return this.byId.get(id)?.r.receivedAt.getTime();
  }

  /** A report's trigram ids (sorted), as indexed; undefined when it is not in the index. */
  trigramsOf(id: string): Int32Array | undefined {
    return this.byId.get(id)?.trigrams;
  }

  /** Any text's trigram ids (sorted), comparable with the reports' (a campaign's signature). */
  trigramsOfText(text: string): Int32Array {
    return this.intern(trigramSet(text));
  }

  add(r: WaveReport) {
    if (this.byId.has(r.id)) return;
    const e: Entry = { r, trigrams: this.intern(trigramSet(r.description)), slot: this.slots.length };
    this.slots.push(e);
    if (this.sizes.length < this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2 + 64);
      grown.set(this.sizes);
      this.sizes = grown;
    }
    this.sizes[e.slot] = e.trigrams.length;
    this.byId.set(r.id, e);
    let byTrigram = this.postings.get(r.type);
    if (!byTrigram) {
      byTrigram = new Map();
      this.postings.set(r.type, byTrigram);
    }
    for (const t of e.trigrams) {
      const l = byTrigram.get(t);
      if (l) l.push(e.slot);
      else byTrigram.set(t, [e.slot]);
    }
  }

  remove(id: string) {
    const e = this.byId.get(id);
    if (!e) return;
    this.byId.delete(id);
    this.slots[e.slot] = null;
    this.dead++;
    // Postings keep dead slots until they outnumber the living.
    if (this.dead > this.byId.size + 1000) this.compact();
  }

  /** Forget reports received before `before` (out of every later report's window). */
  expire(before: Date) {
    for (const e of [...this.byId.values()]) if (e.r.receivedAt < before) this.remove(e.r.id);
  }

  private compact() {
    const live = [...this.byId.values()].map((e) => e.r);
    this.byId.clear();
    this.slots = [];
    this.postings.clear();
    this.dict.clear();
    this.sizes = new Int32Array(0);
    this.dead = 0;
    for (const r of live) this.add(r);
  }

  /**
   * Ungrouped reports of r's type within its window as similar to it as a wave needs (not r).
   * Prefix filtering: a report with similarity ≥ t shares at least ⌈t·|A|⌉ of r's |A| trigrams, so
   * it has one of any |A| − ⌈t·|A|⌉ + 1 of them — take r's rarest ones, verify each report found.
   */
  peers(r: WaveReport, grouped: ReadonlySet<string>): string[] {
    const mine = this.byId.get(r.id);
    const byTrigram = this.postings.get(r.type);
    if (!mine || !byTrigram || !mine.trigrams.length) return [];
    if (this.counts.length < this.slots.length) {
      this.counts = new Int32Array(this.slots.length * 2);
      this.touched = new Int32Array(this.slots.length * 2);
    }
    const a = mine.trigrams;
    const lists: number[][] = [];
    for (let k = 0; k < a.length; k++) lists.push(byTrigram.get(a[k]) ?? NONE);
    lists.sort((x, y) => x.length - y.length);
    const prefix = a.length - Math.ceil((CAMPAIGN_MIN_SIMILARITY - 1e-6) * a.length) + 1;
    const since = r.receivedAt.getTime() - WAVE_WINDOW_MS;
    // Slots seen, each once (a slot is touched at most once per report: no more than there are slots).
    const touched = this.touched;
    let nTouched = 0;
    const count = this.counts;
    for (let k = 0; k < prefix && k < lists.length; k++) {
      const list = lists[k];
      for (let q = 0; q < list.length; q++) {
        const s = list[q];
        if (count[s] === 0) touched[nTouched++] = s;
        count[s]++;
      }
    }
    // Shared trigrams outside the prefix are at most |A| − prefix: a report that shares too few of
    // the prefix cannot reach the threshold; the rest are verified exactly.
    const rest = a.length - prefix;
    const t = CAMPAIGN_MIN_SIMILARITY;
    const sizes = this.sizes;
    const out: string[] = [];
    for (let q = 0; q < nTouched; q++) {
      const s = touched[q];
      const inPrefix = count[s];
      count[s] = 0;
      // Cheapest test first (most reports fail it): shared ≥ t·(|A| + |B|)/(1 + t).
      if (inPrefix + rest < (t * (a.length + sizes[s])) / (1 + t) - 1e-6) continue;
      const p = this.slots[s];
      if (!p || p === mine || out.length >= MAX_PEERS) continue;
      if (p.r.receivedAt.getTime() < since || grouped.has(p.r.id)) continue;
      if (similarAtLeast(a, p.trigrams, t)) out.push(p.r.id);
    }
    return out;
  }
}

/** pg_trgm similarity of two sorted trigram sets: shared over all, in single precision (trigram.ts `similarity`). */
function similaritySorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared === 0 ? 0 : Math.fround(Math.fround(shared) / Math.fround(a.length + b.length - shared));
}

/** pg_trgm similarity of two sorted trigram sets ≥ t (single precision), stopping once out of reach. */
function similarAtLeast(a: Int32Array, b: Int32Array, t: number): boolean {
  let i = 0;
  let j = 0;
  let shared = 0;
  // shared / (|a| + |b| − shared) ≥ t  ⇔  shared ≥ t·(|a| + |b|) / (1 + t)
  const need = (t * (a.length + b.length)) / (1 + t) - 1e-6;
  while (i < a.length && j < b.length) {
    if (shared + Math.min(a.length - i, b.length - j) < need) return false;
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return Math.fround(Math.fround(shared) / Math.fround(a.length + b.length - shared)) >= t;
}

/**
 * Decide a pass: `candidates` (reports not examined yet, all in `index`) against the open campaigns
 * and the index. The index must not change until the plan is done.
 */
export function planWaves(candidates: WaveReport[], index: WaveIndex, campaigns: OpenCampaign[]): WavePlan {
  // Trigrams as the index's sorted ids: a report's as indexed, a signature's interned once per pass.
  const signatures = new Map<string, Int32Array>();
  const signatureOf = (text: string) => {
    let s = signatures.get(text);
    if (!s) {
      s = index.trigramsOfText(text);
      signatures.set(text, s);
    }
    return s;
  };
  const grouped = new Set<string>();
  const live = campaigns.map((c) => ({ ...c, add: [] as string[] }));
  const started: WavePlan["started"] = [];

  for (const r of [...candidates].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
    if (grouped.has(r.id)) continue;
    const mine = index.trigramsOf(r.id) ?? signatureOf(r.description);
    const since = r.receivedAt.getTime() - WAVE_WINDOW_MS;
    let best: (typeof live)[number] | null = null;
    let bestSim = -1;
    for (const c of live) {
      if (c.type !== r.type || c.lastReportAt.getTime() < since) continue;
      const s = similaritySorted(signatureOf(c.signature), mine);
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
    const peers = index.peers(r, grouped);
    if (!peers.length) continue;
    const ids = [r.id, ...peers];
    for (const id of ids) grouped.add(id);
    started.push({ first: r, incidentIds: ids });
    // Later reports of this pass may join it like any open campaign.
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
