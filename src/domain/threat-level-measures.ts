/**
 * Measures per threat level and body kind: the default
 * catalogue a declaration turns into tasks for every body in the covered territories, each to be
 * confirmed as received within 30 minutes. A higher level adds to the measures of the lower ones.
 * The Decree's own list of measures is not confirmed here (rules-map: "make it configurable"), so this
 * is a default drawn from the Rules' obligations, each with its legal basis; texts are i18n keys
 * `threatMeasure.<key>`.
 */
import type { BodyKind } from "./bodies";
import { LEVEL_RANK, type ThreatLevel, threatLevels } from "./threat-levels";

export type ThreatMeasure = {
  /** Lower-case letters, digits, "_": the key tasks keep ("threatMeasure.<key>" for the default texts). */
  key: string;
  /** The lowest level at which it applies (it applies at every level above too). */
  from: ThreatLevel;
  kinds: readonly BodyKind[];
  /** Legal basis: R-ids of the Rules, or "D611" for Presidential Decree No. 611. */
  basis: readonly string[];
  /** Its own text (a measure added to the catalogue); absent: the catalogue's default text for the key. */
  names?: { kk: string; ru: string; en: string } | null;
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

/** The body kinds that receive tasks at all under a catalogue. */
export const taskedKinds = (catalogue: readonly ThreatMeasure[]): BodyKind[] => [
  ...new Set(catalogue.flatMap((m) => m.kinds)),
];
export const TASKED_KINDS: readonly BodyKind[] = taskedKinds(DEFAULT_THREAT_MEASURES);

/** The measures a body of this kind takes at this level (those of lower levels included). */
export function measuresFor(
  level: ThreatLevel,
  kind: BodyKind,
  catalogue: readonly ThreatMeasure[] = DEFAULT_THREAT_MEASURES,
): ThreatMeasure[] {
  return catalogue.filter((m) => LEVEL_RANK[m.from] <= LEVEL_RANK[level] && m.kinds.includes(kind));
}

export const taskStatuses = ["awaiting", "confirmed", "overdue", "confirmed_late", "done", "closed"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export type TaskFacts = {
  dueAt: number;
  confirmedAt: number | null;
  /** Closed by a later decision (lowered, cancelled, lifted, superseded) — see `closeReasons`. */
  closedAt?: number | null;
  /** Every measure reported done. */
  allDone?: boolean;
};

/** Where a task stands at `now`: closed by a later decision, done, confirmed (on time or late), awaiting, overdue. */
export function taskStatus(t: TaskFacts, now: number): TaskStatus {
  if (t.closedAt != null) return "closed";
  if (t.confirmedAt !== null && t.allDone) return "done";
  if (t.confirmedAt !== null) return t.confirmedAt <= t.dueAt ? "confirmed" : "confirmed_late";
  return now > t.dueAt ? "overdue" : "awaiting";
}

/**
 * Why a task stopped being open: the level was lowered (the higher level's measures end), the
 * decision was cancelled, the body's territory was lifted, or a raise replaced it with the higher
 * level's tasks. Decree No. 611: a level's measures apply only while that level is in force.
 */
export const closeReasons = ["lowered", "cancelled", "lifted", "superseded", "expired"] as const;
export type CloseReason = (typeof closeReasons)[number];

/** What a later decision does to the open tasks of the chain it changes; null: they stay open. */
export function closeReasonFor(action: string): CloseReason | null {
  switch (action) {
    case "lower":
      return "lowered";
    case "cancel":
      return "cancelled";
    case "raise":
      return "superseded";
    case "partial_lift":
      return "lifted";
    default:
      return null;
  }
}

/** A catalogue is usable: keys unique and well-formed, each measure for some kind, with a basis and texts. */
export function catalogueProblems(
  items: readonly ThreatMeasure[],
): { index: number; field: string; code: string }[] {
  const out: { index: number; field: string; code: string }[] = [];
  const seen = new Set<string>();
  items.forEach((m, index) => {
    if (!/^[a-z][a-z0-9_]{1,62}$/.test(m.key)) out.push({ index, field: "key", code: "invalid_value" });
    else if (seen.has(m.key)) out.push({ index, field: "key", code: "duplicate" });
    seen.add(m.key);
    if (!threatLevels.includes(m.from)) out.push({ index, field: "from", code: "invalid_value" });
    if (!m.kinds.length) out.push({ index, field: "kinds", code: "required" });
    if (!m.basis.length) out.push({ index, field: "basis", code: "required" });
    const isDefault = DEFAULT_THREAT_MEASURES.some((d) => d.key === m.key);
    if (!isDefault && (!m.names?.kk.trim() || !m.names?.ru.trim()))
      out.push({ index, field: "names", code: "required" });
  });
  return out;
}
