/** Which closed reports go to the police (Criminal Code art. 273), and the one-referral-per-body rule. */
import { describe, expect, it } from "vitest";
import { alreadyReferred, POLICE_REFERRAL_BASIS, referableToPolice } from "../../src/domain/police-referral";

describe("referral to the police", () => {
  it("only a report closed as a knowingly false report of an act of terrorism is referable", () => {
    expect(referableToPolice({ status: "closed", closeReason: "knowingly_false_report" })).toBe(true);
    expect(referableToPolice({ status: "closed", closeReason: "no_signs_of_terrorism" })).toBe(false);
    expect(referableToPolice({ status: "closed", closeReason: "duplicate" })).toBe(false);
    expect(referableToPolice({ status: "closed", closeReason: null })).toBe(false);
    for (const status of ["received", "acknowledged", "assessing", "handed_over", "linked"])
      expect(referableToPolice({ status, closeReason: "knowingly_false_report" })).toBe(false);
    expect(POLICE_REFERRAL_BASIS).toContain("criminal_code_273");
  });

  it("a body already referred to is refused; another is not", () => {
    const made = [{ policeBodyId: "a" }];
    expect(alreadyReferred(made, "a")).toBe(true);
    expect(alreadyReferred(made, "b")).toBe(false);
    expect(alreadyReferred([], "a")).toBe(false);
  });
});
