/** Incident triage and routing rules (R16, R18) — the domain layer. */
import { describe, expect, it } from "vitest";
import {
  competentHqTerritory,
  escalationTarget,
  FINAL_STATUSES,
  incidentStatuses,
  nextActions,
  type PathUnit,
  transition,
} from "../../src/domain/incidents";

const KZ: PathUnit = { code: "KZ", type: "republic" };
const ALMATY_REGION: PathUnit = { code: "190000000", type: "region" };
const DISTRICT: PathUnit = { code: "193200000", type: "district" };
const OKRUG: PathUnit = { code: "193233000", type: "rural_okrug" };
const VILLAGE: PathUnit = { code: "193233100", type: "settlement" };
const ALMATY_CITY: PathUnit = { code: "750000000", type: "city_republican" };
const CITY_DISTRICT: PathUnit = { code: "751710000", type: "city_district" };
const CASPIAN: PathUnit = { code: "KZ-CASPIAN", type: "maritime" };

describe("triage state machine", () => {
  it("offers only the allowed next actions, and none once final", () => {
    expect(nextActions("received")).toEqual(["acknowledge"]);
    expect(nextActions("acknowledged")).toEqual(["assess", "close", "link"]);
    expect(nextActions("assessing")).toEqual(["close", "hand_over", "link"]);
    for (const s of FINAL_STATUSES) expect(nextActions(s)).toEqual([]);
  });

  it("refuses transitions that skip a step", () => {
    expect(transition("received", "close")).toBeNull();
    expect(transition("received", "acknowledge")).toBe("acknowledged");
    expect(transition("assessing", "hand_over")).toBe("handed_over");
    expect(transition("closed", "assess")).toBeNull();
  });

  it("every status is reachable from received", () => {
    const seen = new Set(["received"]);
    const queue = ["received"] as (typeof incidentStatuses)[number][];
    while (queue.length) {
      const s = queue.shift()!;
      for (const a of nextActions(s)) {
        const n = transition(s, a)!;
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    expect([...seen].sort()).toEqual([...incidentStatuses].sort());
  });
});

describe("routing to the competent operational HQ (R18)", () => {
  it("a village goes to its district's HQ", () => {
    expect(competentHqTerritory([KZ, ALMATY_REGION, DISTRICT, OKRUG, VILLAGE], false)).toBe("193200000");
  });
  it("a city district (no HQ of its own) goes to the city HQ", () => {
    expect(competentHqTerritory([KZ, ALMATY_CITY, CITY_DISTRICT], false)).toBe("750000000");
  });
  it("offshore reports go to the marine HQ whatever the territory", () => {
    expect(competentHqTerritory([KZ, ALMATY_REGION], true)).toBe("KZ-CASPIAN");
    expect(competentHqTerritory([KZ, CASPIAN], false)).toBe("KZ-CASPIAN");
  });
  it("an unknown place goes to the republican HQ", () => {
    expect(competentHqTerritory([KZ], false)).toBe("KZ");
  });
});

describe("escalation when not acknowledged in time", () => {
  it("district → region → republican → nobody", () => {
    expect(escalationTarget([KZ, ALMATY_REGION, DISTRICT])).toBe("190000000");
    expect(escalationTarget([KZ, ALMATY_REGION])).toBe("KZ");
    expect(escalationTarget([KZ])).toBeNull();
  });
  it("marine → republican", () => {
    expect(escalationTarget([KZ, CASPIAN])).toBe("KZ");
  });
});
