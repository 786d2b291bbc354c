/** Measures per level and body kind: cumulative by level, by kind; a task's status by its due time. */
import { describe, expect, it } from "vitest";
import {
  CONFIRM_WITHIN_MINUTES,
  catalogueProblems,
  closeReasonFor,
  DEFAULT_THREAT_MEASURES,
  measuresFor,
  TASKED_KINDS,
  taskStatus,
} from "../../src/domain/threat-level-measures";

const keys = (ms: { key: string }[]) => ms.map((m) => m.key);

describe("the default catalogue", () => {
  it("adds measures as the level rises, per body kind", () => {
    expect(keys(measuresFor("moderate", "commission"))).toEqual(["inform_population"]);
    expect(keys(measuresFor("high", "commission"))).toEqual(["inform_population", "review_mass_events"]);
    expect(keys(measuresFor("critical", "commission"))).toEqual([
      "inform_population",
      "review_mass_events",
      "consequence_plans_activated",
    ]);
    expect(keys(measuresFor("moderate", "hq"))).toEqual(["verify_information"]);
    expect(keys(measuresFor("critical", "hq"))).toEqual([
      "verify_information",
      "forces_on_standby",
      "continuous_command",
    ]);
    expect(measuresFor("critical", "partner")).toEqual([]);
    expect(measuresFor("critical", "atc")).toEqual([]);
  });
  it("every measure names its legal basis; every tasked kind has a measure at every level", () => {
    for (const m of DEFAULT_THREAT_MEASURES) expect(m.basis.length, m.key).toBeGreaterThan(0);
    expect(new Set(DEFAULT_THREAT_MEASURES.map((m) => m.key)).size).toBe(DEFAULT_THREAT_MEASURES.length);
    for (const kind of TASKED_KINDS) expect(measuresFor("moderate", kind).length, kind).toBeGreaterThan(0);
    expect([...TASKED_KINDS].sort()).toEqual(
      ["akimat", "commission", "hq", "organisation", "response_force", "state_body"].sort(),
    );
  });
  it("a task is due within 30 minutes; confirmed late is told apart", () => {
    const due = 1_000_000 + CONFIRM_WITHIN_MINUTES * 60_000;
    expect(taskStatus({ dueAt: due, confirmedAt: null }, due - 1)).toBe("awaiting");
    expect(taskStatus({ dueAt: due, confirmedAt: null }, due + 1)).toBe("overdue");
    expect(taskStatus({ dueAt: due, confirmedAt: due }, due + 5)).toBe("confirmed");
    expect(taskStatus({ dueAt: due, confirmedAt: due + 1 }, due + 5)).toBe("confirmed_late");
  });
});

describe("closing and the catalogue", () => {
  it("a later decision closes tasks by what it does; an extension leaves them open", () => {
    expect(closeReasonFor("lower")).toBe("lowered");
    expect(closeReasonFor("cancel")).toBe("cancelled");
    expect(closeReasonFor("raise")).toBe("superseded");
    expect(closeReasonFor("partial_lift")).toBe("lifted");
    expect(closeReasonFor("extend")).toBeNull();
    expect(closeReasonFor("declare")).toBeNull();
  });
  it("status: closed over everything, done when every measure is, else by confirmation and time", () => {
    expect(taskStatus({ dueAt: 10, confirmedAt: null, closedAt: 5 }, 20)).toBe("closed");
    expect(taskStatus({ dueAt: 10, confirmedAt: 5, allDone: true }, 20)).toBe("done");
    expect(taskStatus({ dueAt: 10, confirmedAt: 5, allDone: false }, 20)).toBe("confirmed");
  });
  it("a catalogue's problems: bad or repeated keys, no kinds or basis, an own measure without texts", () => {
    expect(catalogueProblems(DEFAULT_THREAT_MEASURES)).toEqual([]);
    const own = { key: "own_one", from: "high" as const, kinds: ["akimat" as const], basis: ["R6"] };
    expect(catalogueProblems([own])).toEqual([{ index: 0, field: "names", code: "required" }]);
    expect(catalogueProblems([{ ...own, names: { kk: "а", ru: "б", en: "" } }])).toEqual([]);
    expect(catalogueProblems([DEFAULT_THREAT_MEASURES[0], DEFAULT_THREAT_MEASURES[0]])).toEqual([
      { index: 1, field: "key", code: "duplicate" },
    ]);
    expect(catalogueProblems([{ ...DEFAULT_THREAT_MEASURES[0], key: "Bad Key" }])[0].field).toBe("key");
    expect(
      catalogueProblems([{ ...DEFAULT_THREAT_MEASURES[0], kinds: [], basis: [] }]).map((p) => p.field),
    ).toEqual(["kinds", "basis"]);
  });
});
