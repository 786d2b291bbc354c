/**
 * Consequences' domain (R20–R23): the Rules' lists exactly, the live task state machine, readiness
 * staleness, the plan check, and the consequence policies as a small matrix.
 */
import { describe, expect, it } from "vitest";
import {
  activityTypes,
  canMarkRestored,
  checkPlan,
  isTaskOverdue,
  mainTaskBasis,
  mainTasks,
  nextStatementStatus,
  nextTaskStatus,
  readinessState,
  restorationState,
  scenarios,
  statementActionsFrom,
  taskActionsFrom,
  taskDeadline,
} from "../../src/domain/consequences";
import {
  activationGrant,
  actsForBody,
  canApproveStatement,
  canEditConsequencePlan,
  canManageForce,
  canReadActivation,
  canReadConsequencePlan,
  restorationGrant,
} from "../../src/domain/policy";
import type { Actor, Grant } from "../../src/domain/roles";

const actor = (...grants: Grant[]): Actor => ({ userId: "u", grants });
const CITY = "KZ/750000000";

describe("the Rules' lists", () => {
  it("R20: exactly six kinds of activity", () => {
    expect(activityTypes).toEqual([
      "emergency_medical_aid",
      "medical_psychological_support",
      "rescue_firefighting",
      "restore_functioning",
      "social_rehabilitation",
      "harm_compensation",
    ]);
  });
  it("R21: exactly five main tasks, in order, each with its sub-item", () => {
    expect(mainTasks).toHaveLength(5);
    expect(mainTasks.map(mainTaskBasis)).toEqual(["R21.1", "R21.2", "R21.3", "R21.4", "R21.5"]);
  });
  it("the scenarios of the issue", () => {
    expect(scenarios).toEqual(["explosion", "armed_attack_hostages", "arson", "cbrn_release", "other"]);
  });
});

describe("live task state machine", () => {
  it("assigned → accepted → in progress → done; blocked from any open state and back", () => {
    expect(nextTaskStatus("assigned", "accept")).toBe("accepted");
    expect(nextTaskStatus("accepted", "start")).toBe("in_progress");
    expect(nextTaskStatus("in_progress", "finish")).toBe("done");
    expect(nextTaskStatus("assigned", "finish")).toBeNull();
    expect(nextTaskStatus("in_progress", "block")).toBe("blocked");
    expect(nextTaskStatus("blocked", "resume")).toBe("in_progress");
    expect(taskActionsFrom("done")).toEqual([]);
  });
  it("deadline = activation + norm; overdue until done", () => {
    const at = Date.UTC(2026, 0, 1);
    expect(taskDeadline(at, 30)).toBe(at + 30 * 60_000);
    expect(isTaskOverdue({ status: "accepted", deadline: at }, at + 1)).toBe(true);
    expect(isTaskOverdue({ status: "done", deadline: at }, at + 1)).toBe(false);
  });
  it("readiness goes stale when not confirmed within the set hours", () => {
    const now = Date.UTC(2026, 0, 2);
    expect(readinessState({ readiness: "ready", confirmedAt: now - 3_600_000 }, now, 24)).toBe("ready");
    expect(readinessState({ readiness: "ready", confirmedAt: now - 25 * 3_600_000 }, now, 24)).toBe("stale");
    expect(readinessState({ readiness: "limited", confirmedAt: null }, now)).toBe("stale");
    expect(readinessState({ readiness: null, confirmedAt: null }, now)).toBe("unknown");
  });
});

describe("plan check", () => {
  const now = Date.UTC(2026, 0, 2);
  const bodies = new Map([
    ["fire", { active: true, kind: "response_force", readiness: "ready", confirmedAt: now - 1000 }],
    ["tired", { active: true, kind: "response_force", readiness: "unavailable", confirmedAt: now - 1000 }],
    ["old", { active: true, kind: "response_force", readiness: "ready", confirmedAt: now - 48 * 3_600_000 }],
    ["gone", { active: false, kind: "state_body", readiness: null, confirmedAt: null }],
    ["akimat", { active: true, kind: "akimat", readiness: null, confirmedAt: null }],
  ]);
  const base = {
    bodies,
    casualties: { severe: 3, moderate: 4, light: 50 },
    freeBedsTerritory: 7,
    freeBedsRegion: 7,
    now,
  };
  it("holds when every task has a ready force or an active body and beds cover the hospitalised", () => {
    expect(
      checkPlan({
        ...base,
        tasks: [
          { id: "1", mainTask: "prevent_loss_of_life", responsibleBodyId: "fire" },
          { id: "2", mainTask: "rescue_and_help", responsibleBodyId: "akimat" },
        ],
      }),
    ).toEqual([]);
  });
  it("names each gap", () => {
    const gaps = checkPlan({
      ...base,
      freeBedsTerritory: 5,
      freeBedsRegion: 6,
      tasks: [
        { id: "1", mainTask: "prevent_loss_of_life", responsibleBodyId: "tired" },
        { id: "2", mainTask: "prevent_loss_of_life", responsibleBodyId: "old" },
        { id: "3", mainTask: "restore_objects", responsibleBodyId: "gone" },
        { id: "4", mainTask: "restore_objects", responsibleBodyId: "missing" },
        { id: "5", mainTask: "restore_objects", responsibleBodyId: null },
      ],
    });
    expect(gaps).toEqual([
      { code: "force_not_ready", taskId: "1", bodyId: "tired" },
      { code: "force_stale", taskId: "2", bodyId: "old" },
      { code: "body_inactive", taskId: "3", bodyId: "gone" },
      { code: "body_missing", taskId: "4", bodyId: "missing" },
      { code: "no_responsible", taskId: "5" },
      { code: "main_task_uncovered", mainTask: "rescue_and_help" },
      { code: "beds_short_territory", needed: 7, available: 5 },
      { code: "beds_short_region", needed: 7, available: 6 },
    ]);
  });
});

describe("consequence policies", () => {
  const commission = "c-alm";
  const plan = { ownerBodyId: commission, territoryPath: CITY };
  const secretary = actor({ role: "commission_secretary", bodyId: commission, territoryPath: CITY });
  const member = actor({ role: "commission_member", bodyId: "police", territoryPath: CITY });
  const hq = actor({ role: "hq_officer", bodyId: "hq-alm", territoryPath: CITY });
  const otherSecretary = actor({
    role: "commission_secretary",
    bodyId: "c-ast",
    territoryPath: "KZ/710000000",
  });
  const force = actor({ role: "response_force_coordinator", bodyId: "f1", territoryPath: CITY });
  it("plans: the secretary edits, members and HQs read, another territory neither", () => {
    expect(canEditConsequencePlan(secretary, plan)).toBe(true);
    expect(canEditConsequencePlan(member, plan)).toBe(false);
    expect(canReadConsequencePlan(member, plan)).toBe(true);
    expect(canReadConsequencePlan(hq, plan)).toBe(true);
    expect(canReadConsequencePlan(otherSecretary, plan)).toBe(false);
    expect(canReadConsequencePlan(force, plan)).toBe(false);
  });
  it("activation: the territory's HQ or the commission's secretary; not a member or a force", () => {
    expect(activationGrant(hq, plan)?.bodyId).toBe("hq-alm");
    expect(activationGrant(secretary, plan)?.bodyId).toBe(commission);
    expect(activationGrant(member, plan)).toBeUndefined();
    expect(activationGrant(force, plan)).toBeUndefined();
  });
  it("boards: the activating side and the territory see all; a force only acts for its own body", () => {
    const a = { activatorBodyId: "hq-alm", territoryPath: CITY };
    expect(canReadActivation(hq, a)).toBe(true);
    expect(canReadActivation(secretary, a)).toBe(true);
    expect(canReadActivation(force, a)).toBe(false);
    expect(canReadActivation(otherSecretary, a)).toBe(false);
    expect(actsForBody(force, "f1")).toBe(true);
    expect(actsForBody(force, "f2")).toBe(false);
    expect(actsForBody(actor({ role: "auditor", bodyId: "f1", territoryPath: CITY }), "f1")).toBe(false);
  });
  it("a force's readiness: its own coordinator and the ATC, not another force's", () => {
    expect(canManageForce(force, { bodyId: "f1", territoryPath: CITY })).toBe(true);
    expect(canManageForce(force, { bodyId: "f2", territoryPath: CITY })).toBe(false);
    expect(
      canManageForce(actor({ role: "atc_coordinator", bodyId: "atc", territoryPath: "KZ" }), {
        bodyId: "f2",
        territoryPath: CITY,
      }),
    ).toBe(true);
  });
});

describe("restoring normal life (R20.4, R21.3, R21.4)", () => {
  it("an object is restored only with every restoration task done; its state follows its work", () => {
    const open = [{ done: true }, { done: false }];
    expect(canMarkRestored(open)).toBe(false);
    expect(canMarkRestored([{ done: true }])).toBe(true);
    expect(canMarkRestored([])).toBe(true);
    expect(restorationState({ restoration: [{ done: false }], doneOn: null })).toBe("assessed");
    expect(restorationState({ restoration: open, doneOn: null })).toBe("restoring");
    expect(restorationState({ restoration: [], doneOn: "2026-01-10" })).toBe("restored");
  });

  it("a public statement: draft → approved → withdrawn; nothing comes back from withdrawn", () => {
    expect(nextStatementStatus("draft", "approve")).toBe("approved");
    expect(nextStatementStatus("approved", "approve")).toBeNull();
    expect(nextStatementStatus("approved", "withdraw")).toBe("withdrawn");
    expect(statementActionsFrom("withdrawn")).toEqual([]);
  });

  it("records restoring: the activating side, HQs/ATC and commission secretaries over the territory; approval never by the author", () => {
    const t = { activatorBodyId: "hq", territoryPath: CITY };
    const hq = { userId: "a", grants: [{ role: "hq_officer", bodyId: "hq", territoryPath: CITY }] } as Actor;
    const sec = {
      userId: "b",
      grants: [{ role: "commission_secretary", bodyId: "c", territoryPath: CITY }],
    } as Actor;
    const member = actor({ role: "commission_member", bodyId: "c", territoryPath: CITY });
    const otherCity = actor({ role: "hq_officer", bodyId: "hq2", territoryPath: "KZ/710000000" });
    const force = actor({ role: "response_force_coordinator", bodyId: "f", territoryPath: CITY });
    expect(restorationGrant(hq, t)?.bodyId).toBe("hq");
    expect(restorationGrant(sec, t)?.bodyId).toBe("c");
    for (const a of [member, otherCity, force]) expect(restorationGrant(a, t)).toBeUndefined();
    expect(canApproveStatement(hq, t, "a")).toBe(false);
    expect(canApproveStatement(sec, t, "a")).toBe(true);
    expect(canApproveStatement(member, t, "a")).toBe(false);
  });
});
