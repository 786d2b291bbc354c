/** Waves: the pure grouping rule of domain/waves.ts. */
import { describe, expect, it } from "vitest";
import { CAMPAIGN_MIN_SIMILARITY } from "../../src/domain/incidents";
import { similarity, trigramSet } from "../../src/domain/trigram";
import { planWaves, WaveIndex, type WaveReport } from "../../src/domain/waves";

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 8, min));
let n = 0;
const rep = (description: string, min: number, type = "threat_message"): WaveReport => ({
  id: `r${n++}`,
  type,
  description,
  receivedAt: at(min),
});
const indexOf = (rs: WaveReport[]) => {
  const i = new WaveIndex();
  for (const r of rs) i.add(r);
  return i;
};
const WAVE = "Ғимаратта бомба бар, барлығы жарылады. Электрондық хат";

describe("planWaves", () => {
  it("starts one campaign for similar reports of one type, leaves the unrelated and other types alone", () => {
    const wave = [0, 1, 2, 3].map((m) => rep(`${WAVE} ${m}`, m));
    const other = rep("Қоңырау шалып қорқытты", 1);
    const sameTextOtherType = rep(WAVE, 2, "suspicious_object");
    const pool = [...wave, other, sameTextOtherType];
    const plan = planWaves(pool, indexOf(pool), []);
    expect(plan.joined).toEqual([]);
    expect(plan.started).toHaveLength(1);
    expect(plan.started[0].first.id).toBe(wave[0].id);
    expect(plan.started[0].incidentIds.sort()).toEqual(wave.map((w) => w.id).sort());
  });

  it("joins the most similar open campaign of the window, not one gone quiet for longer", () => {
    const r = rep(WAVE, 30);
    const fresh = { id: "c1", type: "threat_message", signature: `${WAVE}!`, lastReportAt: at(0) };
    const worse = {
      id: "c2",
      type: "threat_message",
      signature: `${WAVE} және басқа сөздер`,
      lastReportAt: at(0),
    };
    const stale = {
      id: "c3",
      type: "threat_message",
      signature: WAVE,
      lastReportAt: new Date(at(30).getTime() - 7 * 3_600_000),
    };
    const plan = planWaves([r], indexOf([r]), [worse, stale, fresh]);
    expect(plan.joined).toEqual([{ campaignId: "c1", incidentIds: [r.id], lastReportAt: at(30) }]);
    expect(plan.started).toEqual([]);
  });

  it("a report examined alone earlier is a peer of a later one; reports outside the window are not", () => {
    const early = rep(WAVE, 0);
    const old = { ...rep(WAVE, 0), receivedAt: new Date(at(0).getTime() - 7 * 3_600_000) };
    const later = rep(WAVE, 5);
    const plan = planWaves([later], indexOf([early, old, later]), []);
    expect(plan.started).toHaveLength(1);
    expect(plan.started[0].incidentIds.sort()).toEqual([early.id, later.id].sort());
  });

  it("an index forgets removed and expired reports", () => {
    const a = rep(WAVE, 0);
    const b = rep(WAVE, 1);
    const c = rep(WAVE, 2);
    const index = indexOf([a, b, c]);
    index.remove(b.id);
    expect(index.peers(a, new Set()).sort()).toEqual([c.id]);
    index.expire(at(1));
    expect(index.has(a.id)).toBe(false);
    expect(index.size).toBe(1);
  });

  it("later reports of the same pass join a campaign started in it", () => {
    const a = rep(WAVE, 0);
    const b = rep(WAVE, 1);
    const c = rep(`${WAVE}.`, 2);
    const plan = planWaves([a, b, c], indexOf([a, b, c]), []);
    expect(plan.started).toHaveLength(1);
    expect(plan.started[0].incidentIds.sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it("joins a campaign exactly when pg_trgm similarity to its signature reaches the threshold", () => {
    // Texts from a few words, so similarities fall on both sides of the threshold.
    const words = ["бомба", "мектеп", "хат", "жарылады", "ғимарат", "школа", "взрыв", "письмо", "№12"];
    let seed = 7;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return words[seed % words.length];
    };
    const text = () => Array.from({ length: 2 + (seed % 4) }, pick).join(" ");
    let joined = 0;
    let apart = 0;
    for (let k = 0; k < 1000; k++) {
      const signature = text();
      const r = rep(text(), 10);
      const plan = planWaves([r], indexOf([r]), [
        { id: "c", type: "threat_message", signature, lastReportAt: at(5) },
      ]);
      const want = similarity(trigramSet(signature), trigramSet(r.description)) >= CAMPAIGN_MIN_SIMILARITY;
      expect(plan.joined.length === 1, `${signature} / ${r.description}`).toBe(want);
      if (want) joined++;
      else apart++;
    }
    expect(joined).toBeGreaterThan(20);
    expect(apart).toBeGreaterThan(20);
  });
});
