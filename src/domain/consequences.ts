/**
 * Minimising and eliminating the consequences of acts of terrorism (the Rules, ch. 4: R20–R23):
 * R20's six kinds of activity, R21's five main tasks, plans made in advance from a forecast, their
 * activation into live tasks for bodies and response forces (R22, R23), and the plan check. Pure
 * rules shared by server and web; the words (kk/ru/en) are in the catalogues under `consequences`.
 */
import type { RuleRef } from "./rules";

/** R20: the consequence activity is exactly these six kinds. */
export const activityTypes = [
  "emergency_medical_aid",
  "medical_psychological_support",
  "rescue_firefighting",
  "restore_functioning",
  "social_rehabilitation",
  "harm_compensation",
] as const;
export type ActivityType = (typeof activityTypes)[number];

/** R21: the five main tasks, in the Rules' order (R21.1 … R21.5). */
export const mainTasks = [
  "prevent_loss_of_life",
  "rescue_and_help",
  "limit_moral_effect",
  "restore_objects",
  "compensate_harm",
] as const;
export type MainTask = (typeof mainTasks)[number];

export const mainTaskBasis = (t: MainTask): RuleRef => `R21.${mainTasks.indexOf(t) + 1}` as RuleRef;
export const ACTIVITY_BASIS: RuleRef = "R20";

/** Scenarios a plan may be made for (the forecast differs by the kind of act). */
export const scenarios = ["explosion", "armed_attack_hostages", "arson", "cbrn_release", "other"] as const;
export type Scenario = (typeof scenarios)[number];

/** Severity of expected casualties in a plan's forecast. */
export const casualtySeverities = ["severe", "moderate", "light"] as const;
export type CasualtySeverity = (typeof casualtySeverities)[number];

/** Bed profiles of health organisations of the disaster-medicine service (R23). */
export const bedProfiles = ["trauma", "burns", "toxicology", "intensive_care"] as const;
export type BedProfile = (typeof bedProfiles)[number];

/** Readiness of a response force (the registry's levels). */
export { readinessLevels } from "./bodies";
export type Readiness = "ready" | "limited" | "unavailable";

/** Kinds of means a force keeps (vehicles, specialised kit). */
export const meansKinds = [
  "fire_engine",
  "rescue_vehicle",
  "ambulance",
  "resuscitation_ambulance",
  "aircraft",
  "boat",
  "rail_unit",
  "bus",
  "lifting_equipment",
  "decontamination_kit",
  "radiation_chemical_lab",
  "field_hospital",
  "other",
] as const;
export type MeansKind = (typeof meansKinds)[number];

/* ------------------------------------------------------------------------------------ plans */

/** draft → approved (by a signed protocol decision of the commission, R5) → archived. */
export const planStatuses = ["draft", "approved", "archived"] as const;
export type PlanStatus = (typeof planStatuses)[number];

/** An approved plan edited becomes a draft of the next version, to be approved again. */
export function statusAfterEdit(s: PlanStatus): PlanStatus | null {
  return s === "archived" ? null : "draft";
}

export function canApproveFrom(s: PlanStatus): boolean {
  return s === "draft";
}

/** Those hospitalised of a forecast: everyone but the lightly injured. */
export function bedsNeeded(casualties: Record<CasualtySeverity, number>): number {
  return casualties.severe + casualties.moderate;
}

/* ----------------------------------------------------------------------------- live tasks */

/** assigned → accepted → in_progress → done; blocked (with a reason) from any open state, and back. */
export const taskStatuses = ["assigned", "accepted", "in_progress", "done", "blocked"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskActions = ["accept", "start", "finish", "block", "resume"] as const;
export type TaskAction = (typeof taskActions)[number];

const TASK_NEXT: Record<TaskStatus, Partial<Record<TaskAction, TaskStatus>>> = {
  assigned: { accept: "accepted", block: "blocked" },
  accepted: { start: "in_progress", block: "blocked" },
  in_progress: { finish: "done", block: "blocked" },
  blocked: { resume: "in_progress" },
  done: {},
};

export function nextTaskStatus(s: TaskStatus, a: TaskAction): TaskStatus | null {
  return TASK_NEXT[s][a] ?? null;
}

export function taskActionsFrom(s: TaskStatus): TaskAction[] {
  return Object.keys(TASK_NEXT[s]) as TaskAction[];
}

export const OPEN_TASK: readonly TaskStatus[] = ["assigned", "accepted", "in_progress", "blocked"];

/** Overdue: past its deadline and not done. */
export function isTaskOverdue(t: { status: TaskStatus; deadline: number }, now: number): boolean {
  return t.status !== "done" && t.deadline < now;
}

/** A task's deadline: the activation time plus its norm (minutes). */
export function taskDeadline(activatedAt: number, normMinutes: number): number {
  return activatedAt + normMinutes * 60_000;
}

export const activationStatuses = ["active", "closed"] as const;
export type ActivationStatus = (typeof activationStatuses)[number];

/* ------------------------------------------------------------------------------- readiness */

/** Default for how long a readiness confirmation holds (a duty shift); a setting. */
export const DEFAULT_READINESS_STALE_HOURS = 24;

export type ReadinessState = "ready" | "limited" | "unavailable" | "stale" | "unknown";

/** The board's word for a force: its level while confirmed recently; "stale" once the confirmation aged out. */
export function readinessState(
  f: { readiness: string | null; confirmedAt: number | null },
  now: number,
  staleHours = DEFAULT_READINESS_STALE_HOURS,
): ReadinessState {
  if (!f.readiness) return "unknown";
  if (f.confirmedAt === null || now - f.confirmedAt > staleHours * 3_600_000) return "stale";
  return f.readiness as ReadinessState;
}

/* ------------------------------------------------------------------------------ plan check */

export type CheckGapCode =
  | "no_responsible"
  | "body_missing"
  | "body_inactive"
  | "force_not_ready"
  | "force_stale"
  | "beds_short_territory"
  | "beds_short_region"
  | "main_task_uncovered";

export type CheckGap = {
  code: CheckGapCode;
  taskId?: string;
  bodyId?: string;
  needed?: number;
  available?: number;
  mainTask?: MainTask;
};

export type CheckInput = {
  tasks: readonly { id: string; mainTask: MainTask; responsibleBodyId: string | null }[];
  /** The responsible bodies that exist (absent: deleted from the registry). */
  bodies: ReadonlyMap<
    string,
    { active: boolean; kind: string; readiness: string | null; confirmedAt: number | null }
  >;
  casualties: Record<CasualtySeverity, number>;
  /** Free beds now in the plan's territory, and in its region (the territory itself for a region). */
  freeBedsTerritory: number;
  freeBedsRegion: number;
  now: number;
  staleHours?: number;
};

/**
 * The plan check (R21, R22, R23): every task has a responsible body that exists and is active, a
 * response force among them is ready and confirmed recently; the forecast's hospitalised casualties
 * fit the free beds in the territory (else in the region); the main tasks of R21.1 and R21.2 — life
 * and rescue — have at least one task. Each shortfall is a gap; none: the plan holds.
 */
export function checkPlan(input: CheckInput): CheckGap[] {
  const gaps: CheckGap[] = [];
  for (const t of input.tasks) {
    if (!t.responsibleBodyId) {
      gaps.push({ code: "no_responsible", taskId: t.id });
      continue;
    }
    const b = input.bodies.get(t.responsibleBodyId);
    if (!b) gaps.push({ code: "body_missing", taskId: t.id, bodyId: t.responsibleBodyId });
    else if (!b.active) gaps.push({ code: "body_inactive", taskId: t.id, bodyId: t.responsibleBodyId });
    else if (b.kind === "response_force") {
      const s = readinessState(b, input.now, input.staleHours);
      if (s === "stale" || s === "unknown")
        gaps.push({ code: "force_stale", taskId: t.id, bodyId: t.responsibleBodyId });
      else if (s !== "ready")
        gaps.push({ code: "force_not_ready", taskId: t.id, bodyId: t.responsibleBodyId });
    }
  }
  for (const m of ["prevent_loss_of_life", "rescue_and_help"] as const)
    if (!input.tasks.some((t) => t.mainTask === m)) gaps.push({ code: "main_task_uncovered", mainTask: m });
  const needed = bedsNeeded(input.casualties);
  if (needed > input.freeBedsTerritory) {
    gaps.push({ code: "beds_short_territory", needed, available: input.freeBedsTerritory });
    if (needed > input.freeBedsRegion)
      gaps.push({ code: "beds_short_region", needed, available: input.freeBedsRegion });
  }
  return gaps;
}

/* -------------------------------------------------- restoring normal life (R20.4, R21.3, R21.4) */

/** How badly an object was damaged by the act (the damage assessment, R21.4). */
export const damageLevels = ["minor", "moderate", "severe", "destroyed"] as const;
export type DamageLevel = (typeof damageLevels)[number];

/** Where a damaged object stands: assessed, being restored (some work done), restored (done date set). */
export type RestorationState = "assessed" | "restoring" | "restored";

export function restorationState(o: { restoration: readonly { done: boolean }[]; doneOn: string | null }) {
  if (o.doneOn) return "restored" as const;
  return o.restoration.some((r) => r.done) ? ("restoring" as const) : ("assessed" as const);
}

/** An object is restored (a done date) only once every restoration task of it is done. */
export function canMarkRestored(restoration: readonly { done: boolean }[]): boolean {
  return restoration.every((r) => r.done);
}

/** Environmental safety checks of affected objects and areas (R20.4): what was measured, and the outcome. */
export const envCheckKinds = ["air", "water", "soil", "radiation", "chemical", "biological"] as const;
export type EnvCheckKind = (typeof envCheckKinds)[number];
export const envCheckResults = ["within_norms", "exceeded"] as const;
export type EnvCheckResult = (typeof envCheckResults)[number];

/**
 * Public statements to limit the act's moral-psychological effect (R21.3): drafted, then approved by
 * another person than their author (what the public reads is never one person's alone), published
 * while approved; withdrawn, they leave the public page.
 */
export const statementStatuses = ["draft", "approved", "withdrawn"] as const;
export type StatementStatus = (typeof statementStatuses)[number];
export const statementActions = ["approve", "withdraw"] as const;
export type StatementAction = (typeof statementActions)[number];

const STATEMENT_NEXT: Record<StatementStatus, Partial<Record<StatementAction, StatementStatus>>> = {
  draft: { approve: "approved", withdraw: "withdrawn" },
  approved: { withdraw: "withdrawn" },
  withdrawn: {},
};

export function nextStatementStatus(s: StatementStatus, a: StatementAction): StatementStatus | null {
  return STATEMENT_NEXT[s][a] ?? null;
}
export function statementActionsFrom(s: StatementStatus): StatementAction[] {
  return Object.keys(STATEMENT_NEXT[s]) as StatementAction[];
}
