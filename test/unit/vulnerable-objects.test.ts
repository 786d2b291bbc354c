/** The rules of vulnerable objects (R10.5): the permission matrix, the passport's workflow and state, gaps, scans. */
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "../../src/domain/roles";
import {
  addYears,
  canAgreePassport,
  canEditObject,
  canInspect,
  canLinkDrill,
  canReadObject,
  canReadPassport,
  canWritePassport,
  DEFAULT_OBJECT_CATALOGUE,
  equipmentGaps,
  nextPassportStatus,
  passportReminderKey,
  passportState,
  scanMimeOf,
} from "../../src/domain/vulnerable-objects";

const OWNER = "owner-body";
const POLICE = "police-body";
const ALMATY = "KZ/750000000";
const target = { territoryPath: `${ALMATY}/751710000`, ownerBodyId: OWNER, policeBodyId: POLICE };
const as = (role: Role, bodyId = "some-body", territoryPath = ALMATY): Actor => ({
  userId: "u",
  grants: [{ role, bodyId, territoryPath }],
});

describe("who may do what with an object", () => {
  // read object · edit · read passport · write passport · agree · inspect
  const matrix: [string, Actor, string][] = [
    ["owner's reporter", as("organisation_reporter", OWNER), "Y Y Y Y - -"],
    ["another owner", as("organisation_reporter", "other-org"), "- - - - - -"],
    ["police unit (commission member)", as("commission_member", POLICE), "Y - Y - Y Y"],
    ["commission secretary", as("commission_secretary"), "Y Y - - - Y"],
    ["commission member", as("commission_member"), "Y - - - - Y"],
    ["HQ officer", as("hq_officer"), "Y - Y - - -"],
    ["auditor", as("auditor"), "Y - - - - -"],
    ["another region's secretary", as("commission_secretary", "x", "KZ/710000000"), "- - - - - -"],
    ["response forces", as("response_force_coordinator"), "- - - - - -"],
    ["ATC", as("atc_coordinator", "atc", "KZ"), "Y Y - - - Y"],
  ];
  it.each(matrix)("%s", (_, actor, expected) => {
    const got = [
      canReadObject,
      canEditObject,
      canReadPassport,
      canWritePassport,
      canAgreePassport,
      canInspect,
    ]
      .map((f) => (f(actor, target) ? "Y" : "-"))
      .join(" ");
    expect(got).toBe(expected);
  });
});

describe("the passport", () => {
  it("moves draft → submitted → returned → submitted → agreed, nothing else", () => {
    expect(nextPassportStatus("draft", "submit")).toBe("submitted");
    expect(nextPassportStatus("submitted", "return")).toBe("returned");
    expect(nextPassportStatus("returned", "submit")).toBe("submitted");
    expect(nextPassportStatus("submitted", "agree")).toBe("agreed");
    expect(nextPassportStatus("draft", "agree")).toBeNull();
    expect(nextPassportStatus("agreed", "submit")).toBeNull();
    expect(nextPassportStatus("agreed", "return")).toBeNull();
  });
  it("is valid until its term, due before it, expired after or when the category changed", () => {
    const p = { status: "agreed" as const, validUntil: "2027-06-30", category: "guarded" };
    expect(passportState(p, "guarded", "2026-01-10")).toBe("valid");
    expect(passportState(p, "guarded", "2027-06-01")).toBe("due");
    expect(passportState(p, "guarded", "2027-07-01")).toBe("expired");
    expect(passportState(p, "strategic", "2026-01-10")).toBe("expired");
    expect(passportState(null, "guarded", "2026-01-10")).toBe("none");
    expect(passportState({ ...p, status: "submitted" }, "guarded", "2026-01-10")).toBe("submitted");
    expect(addYears("2024-02-29", 3)).toBe("2027-02-28");
  });
  it("lists the required equipment it does not record as present", () => {
    const mass = DEFAULT_OBJECT_CATALOGUE.categories.find((c) => c.key === "mass_gathering")!;
    expect(
      equipmentGaps(mass.required, { video_surveillance: { present: true }, alarm: { present: false } }),
    ).toEqual(["alarm", "communications"]);
    expect(DEFAULT_OBJECT_CATALOGUE.categories.map((c) => c.key)).toEqual([
      "state_special",
      "strategic",
      "strategic_sector",
      "hazardous_production",
      "mass_gathering",
      "guarded",
      "other",
    ]);
  });
  it("recognises a scan by its bytes only", () => {
    expect(scanMimeOf(Buffer.from("%PDF-1.7"))).toBe("application/pdf");
    expect(scanMimeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(scanMimeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(scanMimeOf(Buffer.from("MZ\x90\x00"))).toBeNull();
  });
});

describe("passport reminders and drills", () => {
  const agreed = (validUntil: string | null, category = "other") => ({
    status: "agreed",
    validUntil,
    category,
  });
  it("has a key that changes exactly when there is something new to tell", () => {
    expect(passportReminderKey(agreed("2027-06-30"), "other", "2027-04-30")).toBeNull();
    expect(passportReminderKey(agreed("2027-06-30"), "other", "2027-05-01")).toEqual({
      kind: "due",
      key: "due:2027-06-30",
    });
    expect(passportReminderKey(agreed("2027-06-30"), "other", "2027-06-30")?.kind).toBe("due");
    expect(passportReminderKey(agreed("2027-06-30"), "other", "2027-07-01")).toEqual({
      kind: "expired",
      key: "expired:2027-06-30",
    });
    expect(passportReminderKey(agreed("2030-01-01"), "guarded", "2027-01-01")).toEqual({
      kind: "category_changed",
      key: "category:other>guarded",
    });
    expect(
      passportReminderKey({ status: "submitted", validUntil: null, category: "other" }, "x", "2027-01-01"),
    ).toBeNull();
    expect(
      passportReminderKey({ status: null, validUntil: null, category: null }, "other", "2027-01-01"),
    ).toBeNull();
  });
  it("lets those who keep or inspect the object link drills, not a reader", () => {
    expect(canLinkDrill(as("commission_secretary"), target)).toBe(true);
    expect(canLinkDrill(as("commission_member"), target)).toBe(true);
    expect(canLinkDrill(as("organisation_reporter", OWNER), target)).toBe(true);
    expect(canLinkDrill(as("hq_officer"), target)).toBe(false);
    expect(canLinkDrill(as("auditor"), target)).toBe(false);
    expect(canLinkDrill(as("commission_secretary", "x", "KZ/190000000"), target)).toBe(false);
  });
});
