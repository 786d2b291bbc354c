/**
 * Terrorist threat levels (Presidential Decree No. 611 of 09.08.2013; the Rules' R6, R10.1, R21.3):
 * moderate "yellow" (information needing confirmation), high "orange" (confirmed information about a
 * real possibility of an act), critical "red" (an act has happened and there is a confirmed risk of
 * repeat or simultaneous acts). Declared for a set of territories and a period; every change is a new
 * decision referencing the one it changes (extend, raise, lower, partly lift, cancel) — never an edit.
 *
 * Pure: what is in force when, the level of a territory (the strongest declaration in force covering
 * it — a district inherits its region's), which transitions (start, expiry) are due, and which
 * changes a declaration admits. Times are milliseconds since the epoch.
 */
import { isAncestorOrSelf, isInSubtree } from "./territory";

export const threatLevels = ["moderate", "high", "critical"] as const;
export type ThreatLevel = (typeof threatLevels)[number];

export const LEVEL_RANK: Readonly<Record<ThreatLevel, number>> = { moderate: 1, high: 2, critical: 3 };
/** The decree's colours. */
export const LEVEL_COLOUR: Readonly<Record<ThreatLevel, "yellow" | "orange" | "red">> = {
  moderate: "yellow",
  high: "orange",
  critical: "red",
};
/** Fill and text colours that keep a contrast of at least 4.5:1 (WCAG AA) with the label on them. */
export const LEVEL_SWATCH: Readonly<Record<ThreatLevel, { fill: string; text: string }>> = {
  moderate: { fill: "#ffd43b", text: "#000000" },
  high: { fill: "#fd7e14", text: "#000000" },
  critical: { fill: "#c92a2a", text: "#ffffff" },
};

/** The legal basis shown with every declaration (the decree is named in words beside it). */
export const THREAT_LEVEL_BASIS = ["R6", "R10.1", "R21.3"] as const;

/** What a decision does: the first declaration, or a change of one already made. */
export const declarationActions = ["declare", "extend", "raise", "lower", "partial_lift", "cancel"] as const;
export type DeclarationAction = (typeof declarationActions)[number];
export const changeActions = ["extend", "raise", "lower", "partial_lift", "cancel"] as const;
export type ChangeAction = (typeof changeActions)[number];

/** A declaration's state at a moment; "cancellation" is the state of a cancelling decision itself. */
export const declarationStatuses = [
  "scheduled",
  "in_force",
  "expired",
  "superseded",
  "cancelled",
  "cancellation",
] as const;
export type DeclarationStatus = (typeof declarationStatuses)[number];

/** CAP 1.2 message type of each decision (OASIS CAP §3.2.1). */
export function capMsgType(action: DeclarationAction): "Alert" | "Update" | "Cancel" {
  return action === "declare" ? "Alert" : action === "cancel" ? "Cancel" : "Update";
}

/** CAP urgency, severity and certainty of each level, from the decree's definitions. */
export const CAP_LEVEL: Readonly<
  Record<ThreatLevel, { urgency: "Immediate" | "Expected"; severity: string; certainty: string }>
> = {
  // Information needing confirmation.
  moderate: { urgency: "Expected", severity: "Moderate", certainty: "Possible" },
  // Confirmed information about a real possibility of an act.
  high: { urgency: "Expected", severity: "Severe", certainty: "Likely" },
  // An act has happened; confirmed risk of repeat or simultaneous acts.
  critical: { urgency: "Immediate", severity: "Extreme", certainty: "Observed" },
};

/** What the rules below need to know of a decision. */
export type DeclarationFacts = {
  id: string;
  action: DeclarationAction;
  /** null for a cancellation. */
  level: ThreatLevel | null;
  /** Materialised territory paths ("KZ/190000000"). */
  territoryPaths: readonly string[];
  startsAt: number;
  /** null: until further notice. */
  endsAt: number | null;
  /** The decision this one changes. */
  supersedesId: string | null;
  createdAt: number;
};

/** The change made to each decision (at most one: a unique key in the database), by its id. */
export function changesOf<D extends DeclarationFacts>(all: readonly D[]): Map<string, D> {
  const out = new Map<string, D>();
  for (const d of all) if (d.supersedesId) out.set(d.supersedesId, d);
  return out;
}

export function statusOf(d: DeclarationFacts, change: DeclarationFacts | undefined, now: number) {
  if (d.action === "cancel") return "cancellation" as const;
  if (change && change.startsAt <= now) return change.action === "cancel" ? "cancelled" : "superseded";
  if (d.endsAt !== null && d.endsAt <= now) return "expired" as const;
  if (d.startsAt > now) return "scheduled" as const;
  return "in_force" as const;
}

/** When a decision stops being in force: its end, or the start of the decision that changes it. */
export function effectiveEnd(d: DeclarationFacts, change: DeclarationFacts | undefined): number | null {
  const ends = [d.endsAt, change?.startsAt].filter((x): x is number => x !== null && x !== undefined);
  return ends.length ? Math.min(...ends) : null;
}

/** The declarations in force at `now`. */
export function inForce<D extends DeclarationFacts>(all: readonly D[], now: number): D[] {
  const changes = changesOf(all);
  return all.filter((d) => statusOf(d, changes.get(d.id), now) === "in_force");
}

/** Whether a decision with these paths covers the territory (one of them is the territory or above it). */
export function covers(paths: readonly string[], territoryPath: string): boolean {
  return paths.some((p) => isAncestorOrSelf(p, territoryPath));
}

function strongest<D extends DeclarationFacts>(ds: readonly D[]): D | null {
  let best: D | null = null;
  for (const d of ds) {
    if (!d.level) continue;
    if (
      !best ||
      LEVEL_RANK[d.level] > LEVEL_RANK[best.level!] ||
      (LEVEL_RANK[d.level] === LEVEL_RANK[best.level!] && d.startsAt > best.startsAt)
    )
      best = d;
  }
  return best;
}

/**
 * The level in force for a territory: the strongest declaration in force covering it (declared for it
 * or for a territory above it); at equal levels the latest started. null: none declared.
 */
export function levelAt<D extends DeclarationFacts>(
  territoryPath: string,
  all: readonly D[],
  now: number,
): D | null {
  return strongest(inForce(all, now).filter((d) => covers(d.territoryPaths, territoryPath)));
}

/**
 * The strongest declaration in force anywhere in a territory's subtree or covering it — for the ATC's
 * header ("in parts of the territory") and a region with a higher level in one of its districts.
 */
export function highestWithin<D extends DeclarationFacts>(
  scopePath: string,
  all: readonly D[],
  now: number,
): D | null {
  return strongest(
    inForce(all, now).filter(
      (d) => covers(d.territoryPaths, scopePath) || d.territoryPaths.some((p) => isInSubtree(p, scopePath)),
    ),
  );
}

/** The next moment after `now` when something changes by itself (a start, an end): to rebuild then. */
export function nextBoundary(all: readonly DeclarationFacts[], now: number): number | null {
  const changes = changesOf(all);
  let next: number | null = null;
  for (const d of all) {
    if (d.action === "cancel") continue;
    const end = effectiveEnd(d, changes.get(d.id));
    for (const t of [d.startsAt, end]) if (t !== null && t > now && (next === null || t < next)) next = t;
  }
  return next;
}

export type Transition = { id: string; kind: "started" | "expired" };

/**
 * Transitions that happen by themselves and are due at `now` but not yet recorded: a declaration made
 * ahead of its start has started; one that reached its end without being changed has expired.
 * `recorded` holds "id:kind" of those already recorded.
 */
export function dueTransitions(
  all: readonly DeclarationFacts[],
  now: number,
  recorded: ReadonlySet<string>,
): Transition[] {
  const changes = changesOf(all);
  const out: Transition[] = [];
  for (const d of all) {
    if (d.action === "cancel") continue;
    const change = changes.get(d.id);
    const changedBeforeStart = change !== undefined && change.startsAt <= d.startsAt;
    if (
      d.startsAt > d.createdAt &&
      d.startsAt <= now &&
      !changedBeforeStart &&
      !recorded.has(`${d.id}:started`)
    )
      out.push({ id: d.id, kind: "started" });
    if (d.endsAt !== null && d.endsAt <= now && !change && !recorded.has(`${d.id}:expired`))
      out.push({ id: d.id, kind: "expired" });
  }
  return out;
}

/** The changes a decision admits in its state (who may make them is the policy's question). */
export function possibleChanges(
  d: DeclarationFacts,
  change: DeclarationFacts | undefined,
  now: number,
): ChangeAction[] {
  if (change) return [];
  const status = statusOf(d, change, now);
  if (status !== "in_force" && status !== "scheduled") return [];
  const out: ChangeAction[] = [];
  if (d.endsAt !== null) out.push("extend");
  if (d.level && LEVEL_RANK[d.level] < LEVEL_RANK.critical) out.push("raise");
  if (d.level && LEVEL_RANK[d.level] > LEVEL_RANK.moderate) out.push("lower");
  out.push("partial_lift", "cancel");
  return out;
}

/** When a change takes effect: at once, or at the start of a declaration that has not started yet. */
export function changeStartsAt(d: DeclarationFacts, now: number): number {
  return Math.max(now, d.startsAt);
}

export type ChangeInput = {
  action: ChangeAction;
  level?: ThreatLevel | null;
  endsAt?: number | null;
  /** For a partial lift: the paths where the level is kept. */
  keptPaths?: readonly string[];
};

/**
 * Why a change cannot be made (a field and a message code), or null. The state of the declaration is
 * checked by `possibleChanges`; this checks the change's own values.
 */
export function changeProblem(
  d: DeclarationFacts,
  input: ChangeInput,
): { path: string; code: string } | null {
  switch (input.action) {
    case "extend":
      if (input.endsAt === undefined) return { path: "endsAt", code: "required" };
      if (input.endsAt !== null && d.endsAt !== null && input.endsAt <= d.endsAt)
        return { path: "endsAt", code: "not_later_than_current_end" };
      return null;
    case "raise":
    case "lower": {
      if (!input.level) return { path: "level", code: "required" };
      const up = LEVEL_RANK[input.level] > LEVEL_RANK[d.level!];
      const down = LEVEL_RANK[input.level] < LEVEL_RANK[d.level!];
      if (input.action === "raise" ? !up : !down)
        return { path: "level", code: input.action === "raise" ? "not_higher" : "not_lower" };
      return null;
    }
    case "partial_lift": {
      const kept = input.keptPaths ?? [];
      if (!kept.length) return { path: "territories", code: "required" };
      if (!kept.every((k) => d.territoryPaths.some((p) => isInSubtree(k, p))))
        return { path: "territories", code: "not_within_declaration" };
      const same = kept.length === d.territoryPaths.length && d.territoryPaths.every((p) => kept.includes(p));
      if (same) return { path: "territories", code: "nothing_lifted" };
      return null;
    }
    case "cancel":
      return null;
  }
}

/** Paths without those already covered by another in the set (a district under its declared region). */
export function withoutCovered(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((q) => q !== p && isInSubtree(p, q)));
}
