import { describe, expect, it } from "vitest";
import {
  canTakeOverCommand,
  forceStatuses,
  nextForceStatuses,
  operationGoals,
} from "../../src/domain/operations";
import { forceSides } from "../../src/domain/policy";
import type { Role } from "../../src/domain/roles";

describe("counter-terrorist operations (R17, R18)", () => {
  it("has exactly the five goals of R17", () => {
    expect(operationGoals).toHaveLength(5);
  });

  it("command passes only upwards: district → region → republican; marine → republican", () => {
    const district = "KZ/190000000/191000000";
    expect(canTakeOverCommand(district, "KZ/190000000")).toBe(true);
    expect(canTakeOverCommand(district, "KZ")).toBe(true);
    expect(canTakeOverCommand("KZ/190000000", "KZ")).toBe(true);
    expect(canTakeOverCommand("KZ/190000000", district)).toBe(false); // downwards
    expect(canTakeOverCommand(district, "KZ/750000000")).toBe(false); // a sibling
    expect(canTakeOverCommand("KZ/KZ-CASPIAN", "KZ")).toBe(true);
    expect(canTakeOverCommand("KZ/KZ-CASPIAN", "KZ/470000000")).toBe(false);
    expect(canTakeOverCommand("KZ", "KZ")).toBe(false);
  });

  it("forces move requested → committed → en route → on site → released, and can be released at any time", () => {
    expect(nextForceStatuses("requested")).toEqual(["committed", "released"]);
    expect(nextForceStatuses("committed")).toEqual(["en_route", "released"]);
    expect(nextForceStatuses("en_route")).toEqual(["on_site", "released"]);
    expect(nextForceStatuses("on_site")).toEqual(["released"]);
    expect(nextForceStatuses("released")).toEqual([]);
    for (const s of forceStatuses) if (s !== "released") expect(nextForceStatuses(s)).toContain("released");
  });

  it("only the force commits itself; either side reports movement and releases", () => {
    expect(nextForceStatuses("requested", ["force"])).toEqual(["committed", "released"]);
    expect(nextForceStatuses("requested", ["requester"])).toEqual(["released"]);
    expect(nextForceStatuses("committed", ["requester"])).toEqual(["en_route", "released"]);
    expect(nextForceStatuses("en_route", ["force"])).toEqual(["on_site", "released"]);
    expect(nextForceStatuses("requested", ["force", "requester"])).toEqual(["committed", "released"]);
    expect(nextForceStatuses("requested", [])).toEqual([]);
  });

  it("acts as the force in the force's own body (not as its auditor), as the requester when it asked", () => {
    const grant = (role: Role, bodyId: string) => ({ role, bodyId, territoryPath: "KZ/750000000" });
    const coordinator = { userId: "u", grants: [grant("response_force_coordinator", "force")] };
    const auditor = { userId: "a", grants: [grant("auditor", "force")] };
    expect(forceSides(coordinator, "force", false)).toEqual(["force"]);
    expect(forceSides(coordinator, "other", false)).toEqual([]);
    expect(forceSides(auditor, "force", false)).toEqual([]);
    expect(forceSides(auditor, "force", true)).toEqual(["requester"]);
  });
});
