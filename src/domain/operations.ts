/**
 * Counter-terrorist operations (R17, R18, R19): goals, lifecycle, command by exactly one HQ at a time
 * with take-over by a higher HQ, forces and means with their status, the operation log (kinds of
 * action only — R14), and the referral to investigation (R19). Pure rules, shared by server and web.
 */
import { MARITIME_TERRITORY, ROOT_TERRITORY } from "./territory";

/** The goals R17 lists, exactly. */
export const operationGoals = [
  "suppress_act", // suppress an act of terrorism
  "neutralise_terrorists",
  "neutralise_explosives",
  "ensure_safety", // ensure the safety of individuals and organisations
  "minimise_consequences", // minimise and (or) eliminate consequences
] as const;
export type OperationGoal = (typeof operationGoals)[number];

export const operationStatuses = ["active", "ended"] as const;
export type OperationStatus = (typeof operationStatuses)[number];

/**
 * Forces and means of state bodies engaged in an operation (R18), and the resource requests of a
 * consequences activation (R21, R22) — one state machine for both: requested → committed (the force
 * has confirmed it will come: who, how many, when) → en route → on site → released.
 */
export const forceStatuses = ["requested", "committed", "en_route", "on_site", "released"] as const;
export type ForceStatus = (typeof forceStatuses)[number];

const FORCE_NEXT: Record<ForceStatus, ForceStatus[]> = {
  requested: ["committed", "released"],
  committed: ["en_route", "released"],
  en_route: ["on_site", "released"],
  on_site: ["released"],
  released: [],
};

/** The two sides of a request: the force's own body, and the side that asked for it (HQ, activation). */
export type ForceSide = "force" | "requester";

/**
 * Who makes each move: only the force commits itself (it alone can say who and how many will come);
 * either side reports the movement and releases (the requester withdraws the request, the force
 * declines or is done).
 */
const FORCE_MOVERS: Record<ForceStatus, readonly ForceSide[]> = {
  requested: [],
  committed: ["force"],
  en_route: ["force", "requester"],
  on_site: ["force", "requester"],
  released: ["force", "requester"],
};

/** The moves from `s`: all of them, or those one of `sides` may make. */
export function nextForceStatuses(s: ForceStatus, sides?: readonly ForceSide[]): ForceStatus[] {
  const next = FORCE_NEXT[s];
  return sides ? next.filter((n) => FORCE_MOVERS[n].some((side) => sides.includes(side))) : next;
}

/**
 * R14: the kinds of action through which the authorised bodies act — intelligence,
 * counter-intelligence, operational-combat, operational-search, cordon, filtration, military and
 * special measures, investigative actions. The log records the kind only, never the detail.
 */
export const r14ActionKinds = [
  "intelligence",
  "counter_intelligence",
  "operational_combat",
  "operational_search",
  "cordon",
  "filtration",
  "military",
  "special",
  "investigative",
] as const;
/** The HQ's own coordination notes (R18): what is not an R14 action. */
export const coordinationNoteTypes = [
  "situation_update",
  "casualties_update",
  "public_information",
  "negotiation",
  "other",
] as const;
/** Kinds of entry a person writes in the operation log: an R14 kind of action or a coordination note. */
export const logEntryTypes = [...r14ActionKinds, ...coordinationNoteTypes] as const;
export type LogEntryType = (typeof logEntryTypes)[number];
/** Kinds of earlier entries (before R14's list was used), still shown as they were written. */
export const legacyLogEntryTypes = ["command_decision", "forces_movement"] as const;
/** Entries the system writes: a code and its parameters, shown in the reader's language. */
export const systemLogCodes = [
  "declared",
  "command_taken_over",
  "forces_requested",
  "forces_status",
  "ended",
] as const;
export type SystemLogCode = (typeof systemLogCodes)[number];
export const loggedEntryTypes = [...logEntryTypes, ...legacyLogEntryTypes, "system"] as const;
export type LoggedEntryType = (typeof loggedEntryTypes)[number];

/**
 * May the HQ at `byPath` take command from the HQ at `fromPath`? Only a higher HQ of the chain:
 * district/city → region → republican; marine → republican (paths of the HQs' territories).
 */
export function canTakeOverCommand(fromPath: string, byPath: string): boolean {
  if (fromPath === byPath) return false;
  if (byPath === ROOT_TERRITORY) return true;
  if (fromPath.split("/").includes(MARITIME_TERRITORY)) return false;
  return fromPath.startsWith(`${byPath}/`);
}
