/**
 * Affected people (the Rules' R20, R21.2, R21.5): victims of an act of terrorism and participants in
 * suppressing it, the help each received (R20: emergency medical aid, medical-psychological support;
 * R21.2: medical, legal and other help, then social rehabilitation), and compensation of the moral and
 * material harm (R20, R21.5) — each a dated entry with the body that gave it.
 *
 * Personal data (Law of the Republic of Kazakhstan No. 94-V "On personal data and its protection"):
 * need-to-know. Reading and recording a person is a permission of its own, never implied by any other
 * role: the `victim_support_officer` role for a territory, or an access grant for one case (an incident
 * or an activation of a consequence plan) given by the case's operational HQ or commission. Everyone
 * else sees counts only. Pure: no I/O.
 */

import type { Actor, Role } from "./roles";
import type { RuleRef } from "./rules";
import { isInSubtree } from "./territory";

/** Who the person is to the act (R20: "victims … and participants in its suppression"). */
export const personRoles = ["victim", "suppression_participant"] as const;
export type PersonRole = (typeof personRoles)[number];

export const personStatuses = [
  "injured",
  "hospitalised",
  "deceased",
  "missing",
  "evacuated",
  "unharmed",
] as const;
export type PersonStatus = (typeof personStatuses)[number];

/** Severity of an injury (injured; hospitalised may carry one too). */
export const severities = ["light", "moderate", "severe", "critical"] as const;
export type Severity = (typeof severities)[number];

/** Kinds of help (R20, R21.2), with their legal basis. */
export const helpTypes = ["emergency_medical", "medical_psychological", "legal", "social"] as const;
export type HelpType = (typeof helpTypes)[number];
export const helpTypeBasis: Record<HelpType, RuleRef[]> = {
  emergency_medical: ["R20", "R21.2"],
  medical_psychological: ["R20", "R21.2"],
  legal: ["R21.2"],
  social: ["R20", "R21.2"],
};

/** Social rehabilitation (R20, R21.2): a step planned, under way, completed. */
export const rehabilitationStages = ["planned", "in_progress", "completed"] as const;
export type RehabilitationStage = (typeof rehabilitationStages)[number];

/** Compensation of harm (R20, R21.5): moral or material; claim → decision → payment. */
export const harmKinds = ["moral", "material"] as const;
export type HarmKind = (typeof harmKinds)[number];
export const compensationStages = ["claim", "decision", "paid"] as const;
export type CompensationStage = (typeof compensationStages)[number];
export const decisionOutcomes = ["granted", "refused"] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

export const entryKinds = ["status", "help", "rehabilitation", "compensation"] as const;
export type EntryKind = (typeof entryKinds)[number];
export const entryKindBasis: Record<EntryKind, RuleRef[]> = {
  status: ["R21.1"],
  help: ["R20", "R21.2"],
  rehabilitation: ["R20", "R21.2"],
  compensation: ["R20", "R21.5"],
};

/* ---------------------------------------------------------------- status */

export type StatusFacts = {
  status: PersonStatus;
  severity?: Severity | null;
  hospitalBodyId?: string | null;
};

/** Why a status entry is incomplete (field and code), or null: injured needs a severity, hospitalised a where. */
export function statusProblem(s: StatusFacts): { path: string; code: string } | null {
  if (s.status === "injured" && !s.severity) return { path: "severity", code: "required" };
  if (s.status === "hospitalised" && !s.hospitalBodyId) return { path: "hospitalBodyId", code: "required" };
  if (s.severity && s.status !== "injured" && s.status !== "hospitalised")
    return { path: "severity", code: "severity_not_injured" };
  if (s.hospitalBodyId && s.status !== "hospitalised")
    return { path: "hospitalBodyId", code: "hospital_not_hospitalised" };
  return null;
}

/* ---------------------------------------------------------------- compensation */

export type CompensationFacts = {
  harm: HarmKind;
  stage: CompensationStage;
  /** Tenge: claimed (claim), awarded (decision granted), paid (paid). */
  amount: number | null;
  outcome: DecisionOutcome | null;
};

export type CompensationSummary = {
  harm: HarmKind;
  /** The furthest step reached. */
  stage: CompensationStage | null;
  claimed: number | null;
  outcome: DecisionOutcome | null;
  awarded: number | null;
  paid: number;
};

/** Where the compensation of each kind of harm stands, from its entries (oldest first). */
export function compensationSummary(entries: readonly CompensationFacts[]): CompensationSummary[] {
  return harmKinds.map((harm) => {
    const s: CompensationSummary = {
      harm,
      stage: null,
      claimed: null,
      outcome: null,
      awarded: null,
      paid: 0,
    };
    for (const e of entries.filter((x) => x.harm === harm)) {
      if (e.stage === "claim") {
        s.stage ??= "claim";
        s.claimed = e.amount;
      } else if (e.stage === "decision") {
        if (s.stage !== "paid") s.stage = "decision";
        s.outcome = e.outcome;
        s.awarded = e.outcome === "granted" ? e.amount : null;
      } else {
        s.stage = "paid";
        s.paid += e.amount ?? 0;
      }
    }
    return s;
  });
}

/**
 * Why a compensation entry may not follow the ones on file (field and code), or null: a decision
 * answers a claim and needs an amount when granted; a payment follows a granted decision and the
 * payments together stay within the amount awarded.
 */
export function compensationProblem(
  onFile: readonly CompensationFacts[],
  next: CompensationFacts,
): { path: string; code: string } | null {
  const s = compensationSummary(onFile).find((x) => x.harm === next.harm)!;
  switch (next.stage) {
    case "claim":
      if (s.stage !== null) return { path: "stage", code: "compensation_claim_exists" };
      if (next.amount !== null && next.amount < 0) return { path: "amount", code: "too_small_number" };
      return null;
    case "decision":
      if (s.stage !== "claim") return { path: "stage", code: "compensation_needs_claim" };
      if (!next.outcome) return { path: "outcome", code: "required" };
      if (next.outcome === "granted" && (next.amount === null || next.amount <= 0))
        return { path: "amount", code: "required" };
      return null;
    case "paid":
      if (s.outcome !== "granted") return { path: "stage", code: "compensation_needs_decision" };
      if (next.amount === null || next.amount <= 0) return { path: "amount", code: "required" };
      if (s.paid + next.amount > (s.awarded ?? 0)) return { path: "amount", code: "compensation_over_award" };
      return null;
  }
}

/* ---------------------------------------------------------------- reconciliation */

/** Name as compared: lower case, NFC, ё → е, one space, no punctuation around. */
export function normaliseName(v: string): string {
  return v
    .normalize("NFC")
    .toLocaleLowerCase("ru")
    .replaceAll("ё", "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * What two records must share to be proposed as one person when no IIN links them: surname, given
 * name and date of birth (patronymics are often left out in a hospital's list). Null without a date.
 */
export function nameBirthKey(surname: string, givenName: string, birthDate: string | null): string | null {
  if (!birthDate) return null;
  return `${normaliseName(surname)}|${normaliseName(givenName)}|${birthDate}`;
}

/** Statuses that mean "found" for a person reported missing (proposed as the same person). */
export const FOUND_STATUSES: readonly PersonStatus[] = [
  "injured",
  "hospitalised",
  "deceased",
  "evacuated",
  "unharmed",
];

/** A proposal between two records is worth making when one was reported missing and the other found. */
export function isMissingFoundPair(a: PersonStatus, b: PersonStatus): boolean {
  return (a === "missing" && FOUND_STATUSES.includes(b)) || (b === "missing" && FOUND_STATUSES.includes(a));
}

/* ---------------------------------------------------------------- policy */

/** What the policy needs to know of a case: the incident and where, the activation when there is one. */
export type PersonCase = {
  incidentId: string;
  activationId: string | null;
  territoryPath: string;
  /** The competent operational HQ's territory (R18). */
  hqTerritoryPath: string;
};

/** A per-case access grant (revoked ones are not passed in): for an incident, or for one activation in it. */
export type CaseAccess = { incidentId: string | null; activationId: string | null; until: number };

export const PERSONAL_DATA_ROLE: Role = "victim_support_officer";

/** Territories where the actor holds the personal-data role (its subtrees). */
export function personalDataScopes(actor: Actor): string[] {
  return actor.grants.filter((g) => g.role === PERSONAL_DATA_ROLE).map((g) => g.territoryPath);
}

/**
 * Read and record the people of a case: the personal-data role over the case's territory, or an
 * access grant for this incident or this activation still in force. No other role implies it.
 */
export function canHandlePersons(
  actor: Actor,
  c: PersonCase,
  access: readonly CaseAccess[],
  now: number,
): boolean {
  return (
    personalDataScopes(actor).some((p) => isInSubtree(c.territoryPath, p)) ||
    access.some(
      (a) =>
        a.until > now &&
        // A grant for an activation covers the persons recorded under it (within the grant's own
        // incident: the granter's scope); otherwise the whole incident.
        (a.activationId !== null
          ? a.activationId === c.activationId && (a.incidentId === null || a.incidentId === c.incidentId)
          : a.incidentId === c.incidentId),
    )
  );
}

const CASE_ACCESS_GRANTERS: readonly Role[] = ["hq_officer", "atc_coordinator", "commission_secretary"];

/**
 * Give (and revoke) per-case access: the case's operational HQ and those above it, the ATC, and the
 * commission of the territory or above it (its secretary acts for the chair, R5). Granting gives the
 * granter no access of their own.
 */
export function canGrantCaseAccess(actor: Actor, c: PersonCase): boolean {
  return actor.grants.some(
    (g) =>
      CASE_ACCESS_GRANTERS.includes(g.role) &&
      (isInSubtree(c.hqTerritoryPath, g.territoryPath) || isInSubtree(c.territoryPath, g.territoryPath)),
  );
}

/**
 * Counts without names: anyone whose grant covers the territory (organisation reporters excepted — they
 * see only their own body's reports), and those who may handle the persons.
 */
export function canReadPersonCounts(actor: Actor, territoryPath: string): boolean {
  return actor.grants.some(
    (g) => g.role !== "organisation_reporter" && isInSubtree(territoryPath, g.territoryPath),
  );
}

/* ---------------------------------------------------------------- retention */

/** A closed record is anonymised once it has been closed longer than the retention period. */
export function pastRetention(closedAt: number | null, retentionDays: number, now: number): boolean {
  return closedAt !== null && now - closedAt > retentionDays * 86_400_000;
}
