/** The wave planner thread's requests (issue #3 §3), answered by its `handle` without a thread. */
import { describe, expect, it } from "vitest";
import type { WaveReport } from "../../src/domain/waves";
import { handle } from "../../src/server/modules/incidents/wave-worker";

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 8, min));
const WAVE = "Ғимаратта бомба бар, барлығы жарылады. Электрондық хат";
const rep = (id: string, description: string, min: number): WaveReport => ({
  id,
  type: "threat_message",
  description,
  receivedAt: at(min),
});

describe("the wave planner's requests", () => {
  it("plans against what it holds, answers when each new campaign's reports came, forgets what it is told", () => {
    const key = 101;
    handle({ op: "load", key, reports: [rep("old", `${WAVE} 0`, 0), rep("far", `${WAVE} 0`, 0)] });
    const planned = handle({
      op: "plan",
      key,
      since: at(1), // "old" and "far" are out of the window now
      candidates: [rep("a", `${WAVE} 1`, 2), rep("b", `${WAVE} 2`, 3), rep("x", "Қоңырау шалып қорқытты", 3)],
      campaigns: [],
    })!;
    expect(planned.plan.started.map((s) => s.incidentIds.sort())).toEqual([["a", "b"]]);
    expect(planned.receivedAt).toEqual({ a: at(2).getTime(), b: at(3).getTime() });

    // "b" was closed meanwhile: planned again without it, "a" alone starts nothing.
    const again = handle({ op: "replan", key, gone: ["b"], campaigns: [] })!;
    expect(again.plan).toEqual({ joined: [], started: [] });

    // Grouped elsewhere: a later report finds no peer among the removed.
    handle({ op: "remove", key, ids: ["a"] });
    const later = handle({
      op: "plan",
      key,
      since: at(1),
      candidates: [rep("c", `${WAVE} 3`, 4)],
      campaigns: [],
    })!;
    expect(later.plan.started).toEqual([]);
  });

  it("refuses to plan on an index it does not hold (dropped, or a new thread): the caller loads it again", () => {
    handle({ op: "load", key: 102, reports: [] });
    handle({ op: "drop", key: 102 });
    expect(() => handle({ op: "plan", key: 102, since: at(0), candidates: [], campaigns: [] })).toThrow(
      /no index/,
    );
    expect(() => handle({ op: "replan", key: 103, gone: [], campaigns: [] })).toThrow(/no index/);
  });
});
