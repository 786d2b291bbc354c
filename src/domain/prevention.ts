/**
 * Prevention (Rules ch. 2, R6–R13) — issue #4, domain layer: the measure catalogue exactly as the Rules
 * give it, plan periods, and the state machine of assignments under control (R5). Pure TypeScript;
 * labels are i18n keys `measureCategory.*`, `measureSubtype.*`, `propagandaGoal.*`, `assignmentStatus.*`.
 */
import type { RuleRef } from "./rules";

/** R7: prevention measures are exactly R8–R12, plus "other". */
export const measureCategories = [
  "legal",
  "socio_economic",
  "organisational",
  "educational",
  "propaganda",
  "other",
] as const;
export type MeasureCategory = (typeof measureCategories)[number];

/** Sub-types per category, each with the paragraph (or sub-item) it comes from. */
export const measureSubtypes: Record<MeasureCategory, readonly { key: string; basis: RuleRef }[]> = {
  legal: [
    { key: "liability", basis: "R8" }, // improving liability for breaching counter-terrorism law
    { key: "inevitability_of_punishment", basis: "R8" }, // terrorist crimes, corruption, trafficking, financing
    { key: "migration", basis: "R8" }, // regulating migration
    { key: "ict_and_blocking", basis: "R8" }, // use of ICT systems, blocking extremist/terrorist resources
  ],
  socio_economic: [
    { key: "regional_development", basis: "R9" }, // socio-economic recovery, levelling regional development
    { key: "employment", basis: "R9" }, // eliminating unemployment
    { key: "social_protection", basis: "R9" }, // reducing marginalisation and stratification, social protection
  ],
  organisational: [
    { key: "informing_citizens", basis: "R10.1" },
    { key: "group_training", basis: "R10.2" },
    { key: "exercises_and_drills", basis: "R10.3" },
    { key: "mobilising_cooperation", basis: "R10.4" },
    { key: "protecting_vulnerable_objects", basis: "R10.5" },
    { key: "equipping_ct_bodies", basis: "R10.6" },
  ],
  educational: [
    { key: "patriotic_education", basis: "R11.1" },
    { key: "general_education", basis: "R11.2" },
    { key: "diversity_and_history", basis: "R11.3" },
  ],
  propaganda: [
    { key: "information_political_events", basis: "R12.1" },
    { key: "social_advertising", basis: "R12.2" },
    { key: "countering_hostile_propaganda", basis: "R12.3" },
    { key: "state_bodies_outreach", basis: "R12.4" },
    { key: "media_orders", basis: "R12.5" },
  ],
  other: [{ key: "other", basis: "R7" }],
};

export const categoryBasis: Record<MeasureCategory, RuleRef> = {
  legal: "R8",
  socio_economic: "R9",
  organisational: "R10",
  educational: "R11",
  propaganda: "R12",
  other: "R7",
};

/** R12: the goals a propaganda measure may be tagged with. */
export const propagandaGoals = [
  "explain_danger",
  "expose_methods",
  "anti_terrorist_consciousness",
  "unite_efforts",
  "shrink_support_base",
] as const;
export type PropagandaGoal = (typeof propagandaGoals)[number];

export function isValidSubtype(category: MeasureCategory, subtype: string): boolean {
  return measureSubtypes[category].some((s) => s.key === subtype);
}

export function subtypeBasis(category: MeasureCategory, subtype: string): RuleRef | null {
  return measureSubtypes[category].find((s) => s.key === subtype)?.basis ?? null;
}

export const periodicities = ["once", "monthly", "quarterly"] as const;
export const indicatorKinds = [
  "events_held",
  "people_reached",
  "publications_broadcasts",
  "objects_covered",
] as const;

/** A plan: drafted, approved by the chair's decision, then amended (with history) while in force. */
export const planStatuses = ["draft", "approved"] as const;

/** Assignments under control (R5): executor reports, controller accepts or returns, extensions. */
export const assignmentStatuses = [
  "assigned",
  "reported",
  "returned",
  "extension_requested",
  "done_on_time",
  "done_late",
] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const assignmentActions = [
  "report",
  "accept",
  "return",
  "request_extension",
  "grant_extension",
  "refuse_extension",
] as const;
export type AssignmentAction = (typeof assignmentActions)[number];

/** Who may take an action: the executor (the member body) or the controller. */
export const assignmentActor: Record<AssignmentAction, "executor" | "controller"> = {
  report: "executor",
  request_extension: "executor",
  accept: "controller",
  return: "controller",
  grant_extension: "controller",
  refuse_extension: "controller",
};

const FROM: Record<AssignmentAction, readonly AssignmentStatus[]> = {
  report: ["assigned", "returned"],
  request_extension: ["assigned", "returned"],
  accept: ["reported"],
  return: ["reported"],
  grant_extension: ["extension_requested"],
  refuse_extension: ["extension_requested"],
};

export const CLOSED_ASSIGNMENT: readonly AssignmentStatus[] = ["done_on_time", "done_late"];

/**
 * The status an action leads to. Accepting removes the assignment from control as on time or late,
 * judged by when it was reported against the deadline in force.
 */
export function nextAssignmentStatus(
  status: AssignmentStatus,
  action: AssignmentAction,
  ctx: { reportedAt?: Date; deadline?: Date } = {},
): AssignmentStatus | null {
  if (!FROM[action].includes(status)) return null;
  switch (action) {
    case "report":
      return "reported";
    case "request_extension":
      return "extension_requested";
    case "return":
    case "grant_extension":
    case "refuse_extension":
      return action === "return" ? "returned" : "assigned";
    case "accept":
      return ctx.reportedAt && ctx.deadline && ctx.reportedAt.getTime() > ctx.deadline.getTime()
        ? "done_late"
        : "done_on_time";
  }
}

/** Actions open to a side in a status (the UI offers exactly these). */
export function assignmentActionsFor(
  status: AssignmentStatus,
  side: "executor" | "controller",
): AssignmentAction[] {
  return assignmentActions.filter((a) => assignmentActor[a] === side && FROM[a].includes(status));
}

/** Overdue: still under control after its deadline. Shown unmistakably everywhere it appears. */
export function isOverdue(status: AssignmentStatus, deadline: Date, now: Date = new Date()): boolean {
  return !CLOSED_ASSIGNMENT.includes(status) && status !== "reported" && deadline.getTime() < now.getTime();
}
