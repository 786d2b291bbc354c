/** The measure catalogue (R7–R12) and assignments under control (R5) domain layer. */
import { describe, expect, it } from "vitest";
import {
  almatyDate,
  almatyYear,
  assignmentActionsFor,
  deadlineEnd,
  decisionNumbers,
  disciplineRate,
  dueSignals,
  higherCommissionPath,
  isLateReport,
  isOverdue,
  isOverdueOn,
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

describe("deadlines and control signals (R5)", () => {
  const open = {
    status: "assigned" as const,
    deadline: "2026-02-10",
    remindedBeforeAt: null,
    remindedDueAt: null,
    escalatedAt: null,
  };
  it("a deadline runs to the end of its day in Almaty (UTC+5)", () => {
    expect(deadlineEnd("2026-02-10").toISOString()).toBe("2026-02-10T19:00:00.000Z");
    expect(almatyDate(new Date("2026-02-10T18:59:59Z"))).toBe("2026-02-10");
    expect(almatyDate(new Date("2026-02-10T19:00:00Z"))).toBe("2026-02-11");
    // Registration numbers take the year of receipt in Almaty: New Year comes at 19:00 UTC.
    expect(almatyYear(new Date("2026-12-31T18:59:59Z"))).toBe("2026");
    expect(almatyYear(new Date("2026-12-31T19:00:00Z"))).toBe("2027");
    expect(isOverdueOn("assigned", "2026-02-10", new Date("2026-02-10T18:59:59Z"))).toBe(false);
    expect(isOverdueOn("assigned", "2026-02-10", new Date("2026-02-10T19:00:01Z"))).toBe(true);
    expect(isOverdueOn("reported", "2026-02-10", new Date("2026-03-01T00:00:00Z"))).toBe(false);
    expect(isLateReport(new Date("2026-02-10T18:00:00Z"), "2026-02-10")).toBe(false);
    expect(isLateReport(new Date("2026-02-10T19:00:00Z"), "2026-02-10")).toBe(true);
  });
  it("reminds before, on the day it passes, escalates after the delay — each once", () => {
    const at = (iso: string) => new Date(iso);
    expect(dueSignals(open, at("2026-02-01T06:00:00Z"))).toEqual([]);
    expect(dueSignals(open, at("2026-02-07T06:00:00Z"))).toEqual(["deadline_near"]);
    expect(dueSignals(open, at("2026-02-11T06:00:00Z"))).toEqual(["deadline_passed"]);
    const reminded = { ...open, remindedBeforeAt: at("2026-02-07T06:00:00Z") };
    expect(dueSignals(reminded, at("2026-02-13T06:00:00Z"))).toEqual(["deadline_passed"]);
    expect(dueSignals(reminded, at("2026-02-14T06:00:00Z"))).toEqual(["deadline_passed", "escalated"]);
    const all = {
      ...reminded,
      remindedDueAt: at("2026-02-11T06:00:00Z"),
      escalatedAt: at("2026-02-14T06:00:00Z"),
    };
    expect(dueSignals(all, at("2026-03-01T06:00:00Z"))).toEqual([]);
    expect(dueSignals({ ...open, status: "done_late" }, at("2026-03-01T06:00:00Z"))).toEqual([]);
    expect(dueSignals({ ...open, status: "reported" }, at("2026-03-01T06:00:00Z"))).toEqual([]);
    expect(
      dueSignals(open, at("2026-02-20T06:00:00Z"), { remindDaysBefore: 0, escalateAfterDays: 30 }),
    ).toEqual(["deadline_passed"]);
  });
  it("the higher commission: district → region → the ATC at the root", () => {
    expect(higherCommissionPath("KZ/190000000/194000000")).toBe("KZ/190000000");
    expect(higherCommissionPath("KZ/750000000")).toBe("KZ");
    expect(higherCommissionPath("KZ")).toBeNull();
  });
  it("discipline rate counts overdue as not on time", () => {
    expect(disciplineRate({ assigned: 4, onTime: 2, late: 1, overdue: 1, open: 1 })).toBe(0.5);
    expect(disciplineRate({ assigned: 1, onTime: 0, late: 0, overdue: 0, open: 1 })).toBeNull();
  });
});

describe("protocol decision numbers (R5)", () => {
  it("count within each agenda item, in order", () => {
    expect(
      decisionNumbers([
        { agendaIndex: 0, position: 1 },
        { agendaIndex: 1, position: 2 },
        { agendaIndex: 1, position: 4 },
        { agendaIndex: 0, position: 3 },
      ]),
    ).toEqual(["1.1", "2.1", "2.2", "1.2"]);
    expect(decisionNumbers([])).toEqual([]);
  });
});
