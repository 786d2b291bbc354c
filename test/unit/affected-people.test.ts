/** Affected people's pure rules (domain/affected-people.ts): the permission matrix, compensation, matching. */
import { describe, expect, it } from "vitest";
import {
  canGrantCaseAccess,
  canHandlePersons,
  canReadPersonCounts,
  compensationProblem,
  compensationSummary,
  isMissingFoundPair,
  nameBirthKey,
  type PersonCase,
  pastRetention,
  statusProblem,
} from "../../src/domain/affected-people";
import { type Role, roles } from "../../src/domain/roles";

const ALMATY = "KZ/750000000";
const c: PersonCase = {
  incidentId: "i1",
  activationId: "a1",
  territoryPath: `${ALMATY}/751710000`,
  hqTerritoryPath: ALMATY,
};
const actor = (role: Role, territoryPath = ALMATY) => ({
  userId: "u",
  grants: [{ role, bodyId: "b", territoryPath }],
});
const now = 1_000_000;

describe("the personal-data permission is never implied", () => {
  it("only victim_support_officer over the territory, of all roles", () => {
    for (const role of roles)
      expect(canHandlePersons(actor(role, "KZ"), c, [], now), role).toBe(role === "victim_support_officer");
    expect(canHandlePersons(actor("victim_support_officer", "KZ/710000000"), c, [], now)).toBe(false);
  });
  it("a per-case grant: its incident, or only its activation's persons; lapsed grants do nothing", () => {
    const a = actor("commission_member");
    expect(canHandlePersons(a, c, [{ incidentId: "i1", activationId: null, until: now + 1 }], now)).toBe(
      true,
    );
    expect(canHandlePersons(a, c, [{ incidentId: "i1", activationId: null, until: now }], now)).toBe(false);
    expect(canHandlePersons(a, c, [{ incidentId: "i2", activationId: null, until: now + 1 }], now)).toBe(
      false,
    );
    expect(canHandlePersons(a, c, [{ incidentId: "i1", activationId: "a1", until: now + 1 }], now)).toBe(
      true,
    );
    // An activation grant given in another incident's case does not reach this one's persons.
    expect(canHandlePersons(a, c, [{ incidentId: "i2", activationId: "a1", until: now + 1 }], now)).toBe(
      false,
    );
    expect(
      canHandlePersons(
        a,
        { ...c, activationId: null },
        [{ incidentId: "i1", activationId: "a1", until: now + 1 }],
        now,
      ),
    ).toBe(false);
  });
  it("granting: the case's HQ, the ATC, the commission; counts: all but organisation reporters", () => {
    expect(canGrantCaseAccess(actor("hq_officer"), c)).toBe(true);
    expect(canGrantCaseAccess(actor("commission_secretary"), c)).toBe(true);
    expect(canGrantCaseAccess(actor("atc_coordinator", "KZ"), c)).toBe(true);
    expect(canGrantCaseAccess(actor("hq_officer", "KZ/710000000"), c)).toBe(false);
    expect(canGrantCaseAccess(actor("victim_support_officer"), c)).toBe(false);
    expect(canGrantCaseAccess(actor("administrator", "KZ"), c)).toBe(false);
    expect(canReadPersonCounts(actor("commission_member"), c.territoryPath)).toBe(true);
    expect(canReadPersonCounts(actor("organisation_reporter"), c.territoryPath)).toBe(false);
  });
});

describe("statuses and compensation", () => {
  it("injured needs a severity, hospitalised a hospital", () => {
    expect(statusProblem({ status: "injured" })?.path).toBe("severity");
    expect(statusProblem({ status: "hospitalised" })?.path).toBe("hospitalBodyId");
    expect(statusProblem({ status: "missing", severity: "light" })?.code).toBe("severity_not_injured");
    expect(statusProblem({ status: "hospitalised", hospitalBodyId: "h", severity: "severe" })).toBeNull();
  });
  it("claim → decision → payments within the award", () => {
    const claim = { harm: "moral" as const, stage: "claim" as const, amount: 100, outcome: null };
    const granted = {
      harm: "moral" as const,
      stage: "decision" as const,
      amount: 80,
      outcome: "granted" as const,
    };
    expect(compensationProblem([], granted)?.code).toBe("compensation_needs_claim");
    expect(compensationProblem([claim], claim)?.code).toBe("compensation_claim_exists");
    expect(compensationProblem([claim], granted)).toBeNull();
    const pay = (amount: number) => ({
      harm: "moral" as const,
      stage: "paid" as const,
      amount,
      outcome: null,
    });
    expect(compensationProblem([claim], pay(10))?.code).toBe("compensation_needs_decision");
    expect(compensationProblem([claim, granted, pay(50)], pay(31))?.code).toBe("compensation_over_award");
    expect(compensationProblem([claim, granted, pay(50)], pay(30))).toBeNull();
    expect(compensationSummary([claim, granted, pay(50), pay(30)]).find((s) => s.harm === "moral")).toEqual({
      harm: "moral",
      stage: "paid",
      claimed: 100,
      outcome: "granted",
      awarded: 80,
      paid: 80,
    });
    expect(compensationProblem([claim], { ...granted, outcome: "refused", amount: null })).toBeNull();
  });
});

describe("reconciliation and retention", () => {
  it("names compare without case, ё or extra spaces; a date is required", () => {
    expect(nameBirthKey(" ТӨЛЕГЕНОВА ", "Жанар", "1975-12-01")).toBe(
      nameBirthKey("төлегенова", "жанар", "1975-12-01"),
    );
    expect(nameBirthKey("Семёнов", "Пётр", "1990-01-01")).toBe(nameBirthKey("Семенов", "Петр", "1990-01-01"));
    expect(nameBirthKey("Семенов", "Петр", null)).toBeNull();
    expect(isMissingFoundPair("missing", "hospitalised")).toBe(true);
    expect(isMissingFoundPair("hospitalised", "injured")).toBe(false);
    expect(isMissingFoundPair("missing", "missing")).toBe(false);
  });
  it("retention counts from closing", () => {
    expect(pastRetention(null, 1, now)).toBe(false);
    expect(pastRetention(now - 2 * 86_400_000, 1, now)).toBe(true);
    expect(pastRetention(now - 3_600_000, 1, now)).toBe(false);
  });
});
