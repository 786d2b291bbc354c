/** The measure catalogue (R7–R12) and assignments under control (R5) — issue #4 domain layer. */
import { describe, expect, it } from "vitest";
import {
  assignmentActionsFor,
  isOverdue,
  isValidSubtype,
  measureCategories,
  measureSubtypes,
  nextAssignmentStatus,
  subtypeBasis,
} from "../../src/domain/prevention";

describe("measure catalogue", () => {
  it("has exactly the categories of R8–R12 plus other", () => {
    expect(measureCategories).toEqual([
      "legal",
      "socio_economic",
      "organisational",
      "educational",
      "propaganda",
      "other",
    ]);
  });
  it("has the sub-items of R10 (6), R11 (3) and R12 (5) with their basis", () => {
    expect(measureSubtypes.organisational.map((s) => s.basis)).toEqual([
      "R10.1",
      "R10.2",
      "R10.3",
      "R10.4",
      "R10.5",
      "R10.6",
    ]);
    expect(measureSubtypes.educational.map((s) => s.basis)).toEqual(["R11.1", "R11.2", "R11.3"]);
    expect(measureSubtypes.propaganda.map((s) => s.basis)).toEqual([
      "R12.1",
      "R12.2",
      "R12.3",
      "R12.4",
      "R12.5",
    ]);
    expect(subtypeBasis("organisational", "exercises_and_drills")).toBe("R10.3");
    expect(isValidSubtype("legal", "exercises_and_drills")).toBe(false);
  });
});

describe("assignments under control", () => {
  const deadline = new Date("2026-03-31T18:59:59Z");
  it("executor reports, controller accepts on time or late", () => {
    expect(nextAssignmentStatus("assigned", "report")).toBe("reported");
    expect(
      nextAssignmentStatus("reported", "accept", { reportedAt: new Date("2026-03-30T10:00:00Z"), deadline }),
    ).toBe("done_on_time");
    expect(
      nextAssignmentStatus("reported", "accept", { reportedAt: new Date("2026-04-02T10:00:00Z"), deadline }),
    ).toBe("done_late");
  });
  it("returned for rework, then reported again; extensions granted or refused", () => {
    expect(nextAssignmentStatus("reported", "return")).toBe("returned");
    expect(nextAssignmentStatus("returned", "report")).toBe("reported");
    expect(nextAssignmentStatus("assigned", "request_extension")).toBe("extension_requested");
    expect(nextAssignmentStatus("extension_requested", "grant_extension")).toBe("assigned");
    expect(nextAssignmentStatus("extension_requested", "refuse_extension")).toBe("assigned");
    expect(nextAssignmentStatus("done_on_time", "report")).toBeNull();
    expect(nextAssignmentStatus("assigned", "accept")).toBeNull();
  });
  it("offers each side only its own actions", () => {
    expect(assignmentActionsFor("assigned", "executor")).toEqual(["report", "request_extension"]);
    expect(assignmentActionsFor("assigned", "controller")).toEqual([]);
    expect(assignmentActionsFor("reported", "controller")).toEqual(["accept", "return"]);
    expect(assignmentActionsFor("extension_requested", "controller")).toEqual([
      "grant_extension",
      "refuse_extension",
    ]);
  });
  it("is overdue only while the executor owes something after the deadline", () => {
    const after = new Date("2026-04-01T00:00:00Z");
    expect(isOverdue("assigned", deadline, after)).toBe(true);
    expect(isOverdue("returned", deadline, after)).toBe(true);
    expect(isOverdue("reported", deadline, after)).toBe(false);
    expect(isOverdue("done_late", deadline, after)).toBe(false);
    expect(isOverdue("assigned", deadline, new Date("2026-03-01T00:00:00Z"))).toBe(false);
  });
});
