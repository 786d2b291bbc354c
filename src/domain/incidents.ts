/**
 * Incident reports (R16) and their routing to the competent operational HQ (R18): pure rules shared by
 * server and web. Issue #3 builds the storage, API, live board and pages on top of this.
 */
import { COORDINATED_TYPES, MARITIME_TERRITORY, ROOT_TERRITORY, type TerritoryType } from "./territory";

/** What happened — the typed list of report types (R16). */
export const incidentTypes = [
  "threat_message",
  "suspicious_object",
  "explosion",
  "armed_attack",
  "hostage_taking",
  "arson",
  "cbrn_threat",
  "attack_on_vulnerable_object",
  "other",
] as const;
export type IncidentType = (typeof incidentTypes)[number];

/** Triage states: received → acknowledged → assessing → closed | handed_over | linked (to an operation). */
export const incidentStatuses = [
  "received",
  "acknowledged",
  "assessing",
  "closed",
  "handed_over",
  "linked",
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/**
 * Why the HQ closes a report after checking it: no signs of terrorism, or a knowingly false report of an
 * act of terrorism — a criminal offence (Criminal Code of the Republic of Kazakhstan, art. 273) that the
 * HQ refers to the police (`closeReasonReferral`).
 */
export const closeReasons = ["knowingly_false_report", "no_signs_of_terrorism"] as const;
/** Reasons recorded when a report is closed: the triage choices, or merged into another report. */
export const closeReasonsRecorded = [...closeReasons, "duplicate"] as const;
export type CloseReason = (typeof closeReasonsRecorded)[number];

/** Where a closed report goes next by law, and on what basis; null when nothing follows. */
export type CloseReferral = { to: "police"; basis: "criminal_code_273" };
export function closeReasonReferral(reason: CloseReason): CloseReferral | null {
  return reason === "knowingly_false_report" ? { to: "police", basis: "criminal_code_273" } : null;
}

/** How far apart two reports may be received and still be possible duplicates. */
export const DUPLICATE_WINDOW_MINUTES = 120;
/** Minimum trigram similarity of the descriptions (pg_trgm similarity) for a possible duplicate. */
export const DUPLICATE_MIN_SIMILARITY = 0.3;

export const triageActions = ["acknowledge", "assess", "close", "hand_over", "link"] as const;
export type TriageAction = (typeof triageActions)[number];

const TRANSITIONS: Record<TriageAction, { from: readonly IncidentStatus[]; to: IncidentStatus }> = {
  acknowledge: { from: ["received"], to: "acknowledged" },
  assess: { from: ["acknowledged"], to: "assessing" },
  close: { from: ["acknowledged", "assessing"], to: "closed" },
  hand_over: { from: ["assessing"], to: "handed_over" },
  link: { from: ["acknowledged", "assessing"], to: "linked" },
};

export const FINAL_STATUSES: readonly IncidentStatus[] = ["closed", "handed_over", "linked"];

/** The actions that may follow a status (the UI shows exactly these). */
export function nextActions(status: IncidentStatus): TriageAction[] {
  return triageActions.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** The status an action leads to, or null when the action is not allowed from `status`. */
export function transition(status: IncidentStatus, action: TriageAction): IncidentStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** Default time the competent HQ has to acknowledge a report before it is escalated (configurable). */
export const DEFAULT_ACK_DEADLINE_SECONDS = 5 * 60;

export type PathUnit = { code: string; type: TerritoryType };

/**
 * The territory whose operational HQ is competent for an incident (R18): the deepest unit on the
 * incident's path that has an HQ (district or city of regional significance, else the region or city of
 * republican significance — city districts have none); the maritime zone when offshore; the republic
 * when nothing more specific is known.
 */
export function competentHqTerritory(path: readonly PathUnit[], offshore: boolean): string {
  if (offshore) return MARITIME_TERRITORY;
  for (let i = path.length - 1; i >= 0; i--) {
    const u = path[i];
    if (u.type === "maritime") return MARITIME_TERRITORY;
    if (COORDINATED_TYPES.includes(u.type)) return u.code;
  }
  return ROOT_TERRITORY;
}

/**
 * Where an unacknowledged report goes next (escalation): the territory of the next HQ up —
 * district/city HQ → region HQ → republican HQ; marine HQ → republican HQ; null at the top.
 * `chain` is the competent HQ territory's path from the root, e.g. [KZ, region, district].
 */
export function escalationTarget(chain: readonly PathUnit[]): string | null {
  const here = chain[chain.length - 1];
  if (!here || here.code === ROOT_TERRITORY) return null;
  if (here.code === MARITIME_TERRITORY) return ROOT_TERRITORY;
  for (let i = chain.length - 2; i >= 0; i--) {
    if (COORDINATED_TYPES.includes(chain[i].type)) return chain[i].code;
  }
  return ROOT_TERRITORY;
}

/** Waves (mass false threats): reports of the same type whose texts are this similar join one campaign… */
export const CAMPAIGN_MIN_SIMILARITY = 0.5;
/** …when received within this many hours of the campaign's last report. */
export const CAMPAIGN_WINDOW_HOURS = 6;
