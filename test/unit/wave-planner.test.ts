/** The wave planner: its index of ungrouped reports and its passes. */
import { describe, expect, it } from "vitest";
import type { WaveReport } from "../../src/domain/waves";
import {
  dropIndex,
  hasIndex,
  loadIndex,
  planPass,
  removeFromIndex,
  replanPass,
} from "../../src/server/modules/incidents/wave-planner";

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 8, min));
const WAVE = "Ғимаратта бомба бар, барлығы жарылады. Электрондық хат";
const rep = (id: string, description: string, min: number): WaveReport => ({
  id,
  type: "threat_message",
  description,
  receivedAt: at(min),
});

describe("the wave planner", () => {
  it("plans against what it holds, answers when each new campaign's reports came, forgets what it is told", () => {
    const key = 101;
    loadIndex(key, [rep("old", `${WAVE} 0`, 0), rep("far", `${WAVE} 0`, 0)]);
    const planned = planPass(
      key,
      at(1), // "old" and "far" are out of the window now
      [rep("a", `${WAVE} 1`, 2), rep("b", `${WAVE} 2`, 3), rep("x", "Қоңырау шалып қорқытты", 3)],
      [],
    );
    expect(planned.plan.started.map((s) => s.incidentIds.sort())).toEqual([["a", "b"]]);
    expect(planned.receivedAt).toEqual({ a: at(2).getTime(), b: at(3).getTime() });

    // "b" was closed meanwhile: planned again without it, "a" alone starts nothing.
    const again = replanPass(key, ["b"], []);
    expect(again.plan).toEqual({ joined: [], started: [] });

    // Grouped elsewhere: a later report finds no peer among the removed.
    removeFromIndex(key, ["a"]);
    const later = planPass(key, at(1), [rep("c", `${WAVE} 3`, 4)], []);
    expect(later.plan.started).toEqual([]);
  });

  it("refuses to plan on an index it does not hold (dropped): the caller loads it again", () => {
    loadIndex(102, []);
    expect(hasIndex(102)).toBe(true);
    dropIndex(102);
    expect(hasIndex(102)).toBe(false);
    expect(() => planPass(102, at(0), [], [])).toThrow(/no index/);
    expect(() => replanPass(103, [], [])).toThrow(/no index/);
  });
});
