/**
 * Prevention (Rules ch. 2, R6–R13), domain layer: the measure catalogue exactly as the Rules
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

/** Limits of a plan imported from XLSX: the file's size and its data rows. */
export const PLAN_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const PLAN_IMPORT_MAX_ROWS = 2000;

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

/* ------------------------------------------------------------ meetings, decisions, assignments (R5) */

/** A meeting is planned, then held: signing its protocol numbers it and puts its decisions under control. */
export const meetingStatuses = ["planned", "held"] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** Where an assignment comes from: a decision of a meeting, or a finding of an exercise (R10.3). */
export const assignmentSources = ["decision", "exercise", "inspection"] as const;

/** Almaty is UTC+5 all year (no daylight saving since 2024). */
export const ALMATY_OFFSET_MS = 5 * 3_600_000;

/** The calendar date in Almaty of an instant, "YYYY-MM-DD". */
export function almatyDate(at: Date): string {
  return new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Almaty of an instant, "YYYY" (registration numbers). */
export function almatyYear(at: Date): string {
  return String(new Date(at.getTime() + ALMATY_OFFSET_MS).getUTCFullYear());
}

/** A deadline is a date: it runs to the end of that day in Almaty. */
export function deadlineEnd(deadline: string): Date {
  return new Date(Date.parse(`${deadline}T00:00:00Z`) + 86_400_000 - ALMATY_OFFSET_MS);
}

/** Whole days from `from` to `to` (dates "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the report closing an assignment came after the deadline in force. */
export function isLateReport(reportedAt: Date, deadline: string): boolean {
  return reportedAt.getTime() >= deadlineEnd(deadline).getTime();
}

/** Overdue by date: still under control (not awaiting acceptance) after the end of its deadline day. */
export function isOverdueOn(status: AssignmentStatus, deadline: string, now: Date = new Date()): boolean {
  return isOverdue(status, deadlineEnd(deadline), now);
}

/** Reminders and escalation (R5): configurable, in days. */
export type ControlConfig = {
  /** Remind the executor this many days before the deadline. */
  remindDaysBefore: number;
  /** Escalate to the higher commission's secretariat this many days after the deadline passed. */
  escalateAfterDays: number;
};
export const defaultControlConfig: ControlConfig = { remindDaysBefore: 3, escalateAfterDays: 3 };

export type ControlState = {
  status: AssignmentStatus;
  deadline: string;
  remindedBeforeAt: Date | null;
  remindedDueAt: Date | null;
  escalatedAt: Date | null;
};

export const controlSignals = ["deadline_near", "deadline_passed", "escalated"] as const;
export type ControlSignal = (typeof controlSignals)[number];

/** What a user is told in the app: new assignments, steps of the other side, and the control signals. */
export const notificationKinds = [
  "assigned",
  "reported",
  "returned",
  "accepted",
  "extension_requested",
  "extension_decided",
  ...controlSignals,
  // Consequences (R21): a live task past its deadline (to the activating side), a plan's review date near.
  "consequence_task_overdue",
  "consequence_plan_review",
  // Vulnerable objects (Law art. 10-2): the protection passport falls due, expires, or the category changed.
  "object_passport_due",
  "object_passport_expired",
  "object_passport_category",
  // A report closed as a knowingly false report of terrorism referred to this police body (Criminal Code art. 273).
  "incident_police_referral",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * What the control job owes an assignment now: a reminder before the deadline, one on the day it
 * passes, an escalation after the configured delay. Each is sent once; a granted extension resets them.
 */
export function dueSignals(
  a: ControlState,
  now: Date,
  cfg: ControlConfig = defaultControlConfig,
): ControlSignal[] {
  if (CLOSED_ASSIGNMENT.includes(a.status) || a.status === "reported") return [];
  const today = almatyDate(now);
  const left = daysBetween(today, a.deadline);
  const out: ControlSignal[] = [];
  if (left >= 0 && left <= cfg.remindDaysBefore && !a.remindedBeforeAt) out.push("deadline_near");
  if (left < 0 && !a.remindedDueAt) out.push("deadline_passed");
  if (left < 0 && -left > cfg.escalateAfterDays && !a.escalatedAt) out.push("escalated");
  return out;
}

/**
 * The territory of the higher commission (R3): a district's or regional city's commission reports to
 * its region's; a region's (or a city of republican significance's) to the ATC at the root.
 */
export function higherCommissionPath(path: string): string | null {
  const parts = path.split("/");
  if (parts.length <= 1) return null;
  return parts.slice(0, -1).join("/");
}

/** Execution discipline of a body over a period (R5): counts of its assignments by outcome. */
export type Discipline = { assigned: number; onTime: number; late: number; overdue: number; open: number };

export function disciplineRate(d: Discipline): number | null {
  const closed = d.onTime + d.late;
  return closed + d.overdue === 0 ? null : d.onTime / (closed + d.overdue);
}

/* ------------------------------------------------ quarterly execution reports and roll-up */

/** How a measure was executed in a quarter. */
export const measureOutcomes = ["done", "partial", "not_done"] as const;
export type MeasureOutcome = (typeof measureOutcomes)[number];

export const quarters = [1, 2, 3, 4] as const;
export type Quarter = (typeof quarters)[number];

/** A commission's quarterly report is due by this day of the month after the quarter. */
export const QUARTER_REPORT_DUE_DAY = 10;

export function quarterOf(date: string): Quarter {
  return (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter;
}

/** The last day a quarter's report is on time, "YYYY-MM-DD" (the 10th of the following month). */
export function quarterReportDue(year: number, q: Quarter): string {
  const month = q * 3 + 1;
  const y = month > 12 ? year + 1 : year;
  const m = month > 12 ? 1 : month;
  return `${y}-${String(m).padStart(2, "0")}-${String(QUARTER_REPORT_DUE_DAY).padStart(2, "0")}`;
}

/**
 * Whether a measure is to be reported in a quarter: monthly and quarterly ones every quarter; a one-off
 * in the quarter of its deadline (in the fourth when it has none).
 */
export function measureDueInQuarter(
  m: { periodicity: string; deadline: string | null },
  q: Quarter,
): boolean {
  if (m.periodicity !== "once") return true;
  return m.deadline ? quarterOf(m.deadline) === q : q === 4;
}

/** A commission's quarterly reporting: on time, late, or not at all (once the due date has passed). */
export const reportingStates = ["on_time", "late", "missing", "not_due"] as const;
export type ReportingState = (typeof reportingStates)[number];

export function reportingState(
  lastReportedAt: Date | null,
  year: number,
  q: Quarter,
  now: Date = new Date(),
): ReportingState {
  const due = deadlineEnd(quarterReportDue(year, q));
  if (!lastReportedAt) return now.getTime() >= due.getTime() ? "missing" : "not_due";
  return lastReportedAt.getTime() >= due.getTime() ? "late" : "on_time";
}

/** Execution rate: done counts whole, partial half; null when nothing was due. */
export function executionRate(c: { expected: number; done: number; partial: number }): number | null {
  return c.expected === 0 ? null : (c.done + c.partial / 2) / c.expected;
}

/* ---------------------------------------------------- exercises and trainings (R10.2, R10.3) */

/** R10.3: exercises and drills; R10.2: trainings of population groups. */
export const exerciseKinds = ["exercise", "drill", "training"] as const;
export type ExerciseKind = (typeof exerciseKinds)[number];
export const exerciseKindBasis: Record<ExerciseKind, RuleRef> = {
  exercise: "R10.3",
  drill: "R10.3",
  training: "R10.2",
};
/** R10.3: exercises are held at the place of residence or of work. */
export const exerciseSettings = ["residence", "work"] as const;
/** R10.2: trainings are for social, professional and age groups of the population. */
export const audienceGroups = ["social", "professional", "age"] as const;
export const exerciseStatuses = ["planned", "held", "cancelled"] as const;
export type ExerciseStatus = (typeof exerciseStatuses)[number];

/**
 * A protocol's decision numbers (R5): "item.n", n counting the decisions of the same agenda item in
 * their order — the first decision under item 2 is "2.1", whatever came before it under item 1.
 */
export function decisionNumbers(decisions: readonly { agendaIndex: number; position: number }[]): string[] {
  const order = decisions.map((d, i) => ({ d, i })).sort((a, b) => a.d.position - b.d.position);
  const seen = new Map<number, number>();
  const out: string[] = new Array(decisions.length);
  for (const { d, i } of order) {
    const n = (seen.get(d.agendaIndex) ?? 0) + 1;
    seen.set(d.agendaIndex, n);
    out[i] = `${d.agendaIndex + 1}.${n}`;
  }
  return out;
}
