/**
 * Measures per threat level and body kind: the default
 * catalogue a declaration turns into tasks for every body in the covered territories, each to be
 * confirmed as received within 30 minutes. A higher level adds to the measures of the lower ones.
 * The Decree's own list of measures is not confirmed here (rules-map: "make it configurable"), so this
 * is a default drawn from the Rules' obligations, each with its legal basis; texts are i18n keys
 * `threatMeasure.<key>`.
 */
import type { BodyKind } from "./bodies";
import { LEVEL_RANK, type ThreatLevel } from "./threat-levels";

export type ThreatMeasure = {
  key: string;
  /** The lowest level at which it applies (it applies at every level above too). */
  from: ThreatLevel;
  kinds: readonly BodyKind[];
  /** Legal basis: R-ids of the Rules, or "D611" for Presidential Decree No. 611. */
  basis: readonly string[];
};

export const DEFAULT_THREAT_MEASURES: readonly ThreatMeasure[] = [
  { key: "inform_population", from: "moderate", kinds: ["commission", "akimat"], basis: ["R10.1", "D611"] },
  {
    key: "check_object_protection",
    from: "moderate",
    kinds: ["organisation", "state_body"],
    basis: ["R10.5"],
  },
  { key: "public_order_patrols", from: "moderate", kinds: ["state_body"], basis: ["R6", "D611"] },
  { key: "verify_information", from: "moderate", kinds: ["hq"], basis: ["R18", "D611"] },
  { key: "check_forces_readiness", from: "moderate", kinds: ["response_force"], basis: ["R22", "R23"] },
  { key: "review_mass_events", from: "high", kinds: ["commission", "akimat"], basis: ["R5", "D611"] },
  { key: "reinforced_access_regime", from: "high", kinds: ["organisation"], basis: ["R10.5"] },
  { key: "forces_on_standby", from: "high", kinds: ["hq", "response_force"], basis: ["R18", "R22"] },
  { key: "medical_readiness", from: "high", kinds: ["state_body"], basis: ["R23", "R21.2"] },
  { key: "evacuation_and_shelter", from: "critical", kinds: ["akimat", "response_force"], basis: ["R21.1"] },
  { key: "consequence_plans_activated", from: "critical", kinds: ["commission"], basis: ["R21", "R21.3"] },
  { key: "continuous_command", from: "critical", kinds: ["hq"], basis: ["R18"] },
];

/** Minutes a body has to confirm it received its tasks. */
export const CONFIRM_WITHIN_MINUTES = 30;

/** The body kinds that receive tasks at all. */
export const TASKED_KINDS: readonly BodyKind[] = [
  ...new Set(DEFAULT_THREAT_MEASURES.flatMap((m) => m.kinds)),
];

/** The measures a body of this kind takes at this level (those of lower levels included). */
export function measuresFor(
  level: ThreatLevel,
  kind: BodyKind,
  catalogue: readonly ThreatMeasure[] = DEFAULT_THREAT_MEASURES,
): ThreatMeasure[] {
  return catalogue.filter((m) => LEVEL_RANK[m.from] <= LEVEL_RANK[level] && m.kinds.includes(kind));
}

export const taskStatuses = ["awaiting", "confirmed", "overdue", "confirmed_late"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Where a task stands at `now`. */
export function taskStatus(t: { dueAt: number; confirmedAt: number | null }, now: number): TaskStatus {
  if (t.confirmedAt !== null) return t.confirmedAt <= t.dueAt ? "confirmed" : "confirmed_late";
  return now > t.dueAt ? "overdue" : "awaiting";
}
