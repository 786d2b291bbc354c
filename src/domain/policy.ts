/**
 * Permission policy: pure functions, no I/O. Services call `can`/`readFilters`;
 * the API returns `allowedActions` so the web app never re-implements these rules.
 *
 * Scope: a grant covers its territory subtree. For reading the registry it also covers
 * the superior territories' records (a district sees its region's and the national
 * coordinating bodies, R3/R18), never a sibling territory's.
 */
import type { BodyKind } from "./bodies";
import { SYSTEM_KINDS } from "./bodies";
import type { ForceSide } from "./operations";
import type { Actor, Grant, Role } from "./roles";
import { isAncestorOrSelf, isInSubtree } from "./territory";

export const actions = [
  "registry.read",
  "registry.create",
  "registry.update",
  "registry.delete",
  "membership.manage",
  "personal.read",
  "user.manage",
  "audit.read",
] as const;
export type Action = (typeof actions)[number];

/** What a policy needs to know about a record. */
export type Target = {
  kind: BodyKind;
  bodyId?: string;
  territoryPath: string;
};

const COORDINATING: readonly BodyKind[] = ["atc", "commission", "hq"];

/** Kinds a role may create and edit inside its subtree. */
const EDITABLE_KINDS: Partial<Record<Role, readonly BodyKind[]>> = {
  administrator: [
    "atc",
    "commission",
    "hq",
    "state_body",
    "akimat",
    "self_government",
    "organisation",
    "partner",
    "response_force",
  ],
  atc_coordinator: [
    "atc",
    "commission",
    "hq",
    "state_body",
    "akimat",
    "self_government",
    "organisation",
    "partner",
    "response_force",
  ],
  commission_secretary: ["state_body", "akimat", "self_government", "organisation", "partner"],
  response_force_coordinator: ["response_force"],
};

/** Roles that edit only their own body (and, for groups, its membership). */
const OWN_BODY_EDITORS: readonly Role[] = ["commission_secretary", "hq_officer", "organisation_reporter"];

export type ReadFilter =
  | { type: "subtree"; path: string }
  | { type: "ancestors"; path: string; kinds?: readonly BodyKind[] }
  | { type: "body"; bodyId: string };

/** The union of these filters is everything an actor may read in the registry. */
export function readFilters(actor: Actor): ReadFilter[] {
  const out: ReadFilter[] = [];
  for (const g of actor.grants) {
    if (g.role === "organisation_reporter") {
      out.push({ type: "body", bodyId: g.bodyId });
      out.push({ type: "ancestors", path: g.territoryPath, kinds: COORDINATING });
    } else {
      out.push({ type: "subtree", path: g.territoryPath });
      out.push({ type: "ancestors", path: g.territoryPath });
    }
  }
  return out;
}

export function matchesFilter(f: ReadFilter, t: Target): boolean {
  switch (f.type) {
    case "subtree":
      return isInSubtree(t.territoryPath, f.path);
    case "ancestors":
      return isAncestorOrSelf(t.territoryPath, f.path) && (!f.kinds || f.kinds.includes(t.kind));
    case "body":
      return t.bodyId === f.bodyId;
  }
}

function grantAllows(g: Grant, action: Action, t: Target): boolean {
  const inSubtree = isInSubtree(t.territoryPath, g.territoryPath);
  const own = t.bodyId !== undefined && t.bodyId === g.bodyId;
  switch (action) {
    case "registry.read":
      return readFilters({ userId: "", grants: [g] }).some((f) => matchesFilter(f, t));
    case "registry.create":
      return inSubtree && (EDITABLE_KINDS[g.role] ?? []).includes(t.kind) && !SYSTEM_KINDS.includes(t.kind);
    case "registry.update":
      return (
        (inSubtree && (EDITABLE_KINDS[g.role] ?? []).includes(t.kind)) ||
        (own && OWN_BODY_EDITORS.includes(g.role))
      );
    case "registry.delete":
      return (
        inSubtree &&
        (g.role === "administrator" || g.role === "atc_coordinator") &&
        !SYSTEM_KINDS.includes(t.kind)
      );
    case "membership.manage":
      if (t.kind !== "commission" && t.kind !== "hq") return false;
      if (g.role === "administrator" || g.role === "atc_coordinator") return inSubtree;
      return own && (g.role === "commission_secretary" || g.role === "hq_officer");
    case "personal.read":
      if (g.role === "administrator" || g.role === "atc_coordinator") return inSubtree;
      return own && (g.role === "commission_secretary" || g.role === "hq_officer");
    case "user.manage":
      return g.role === "administrator" && inSubtree;
    case "audit.read":
      return (g.role === "auditor" || g.role === "administrator") && inSubtree;
  }
}

export function can(actor: Actor, action: Action, target: Target): boolean {
  return actor.grants.some((g) => grantAllows(g, action, target));
}

/** Record-level actions offered to the web app. */
export const recordActions = [
  "registry.update",
  "registry.delete",
  "membership.manage",
  "personal.read",
] as const;
export type RecordAction = (typeof recordActions)[number];

export function allowedActions(actor: Actor, t: Target): RecordAction[] {
  return recordActions.filter((a) => can(actor, a, t));
}

/** Which kinds the actor may create somewhere (for the "New" button). */
export function creatableKinds(actor: Actor): BodyKind[] {
  const kinds = new Set<BodyKind>();
  for (const g of actor.grants)
    for (const k of EDITABLE_KINDS[g.role] ?? []) if (!SYSTEM_KINDS.includes(k)) kinds.add(k);
  return [...kinds];
}

/** Audit reads are scoped by the actor's audit-capable grants' subtrees. */
export function auditScopes(actor: Actor): string[] {
  return actor.grants
    .filter((g) => g.role === "auditor" || g.role === "administrator")
    .map((g) => g.territoryPath);
}

export function userManageScopes(actor: Actor): string[] {
  return actor.grants.filter((g) => g.role === "administrator").map((g) => g.territoryPath);
}

/* ---------------------------------------------------------------- incidents (R16, R18) */

/** Roles that file incident reports on behalf of their body (R16: state bodies and organisations). */
const REPORTING_ROLES: readonly Role[] = [
  "administrator",
  "atc_coordinator",
  "commission_secretary",
  "hq_officer",
  "organisation_reporter",
  "response_force_coordinator",
];

/** Roles that see and triage reports of their territory subtree (HQs, the ATC). */
const TRIAGE_ROLES: readonly Role[] = ["administrator", "atc_coordinator", "hq_officer"];

/** The grants under which the actor may file a report (the report is filed for that grant's body). */
export function reportingGrants(actor: Actor): Grant[] {
  return actor.grants.filter((g) => REPORTING_ROLES.includes(g.role));
}

/** What about a report the policy needs: where it happened, which HQ is competent, who filed it. */
export type IncidentTarget = { territoryPath: string; hqTerritoryPath: string; reporterBodyId: string };

export type IncidentReadFilter = { type: "subtree"; path: string } | { type: "reporter"; bodyId: string };

/**
 * Who sees a report: the filing body's reporters; HQs and the ATC whose subtree holds the place or the
 * competent HQ (so the marine HQ sees offshore reports, higher HQs see their subordinates'); nobody else.
 */
export function incidentReadFilters(actor: Actor): IncidentReadFilter[] {
  const out: IncidentReadFilter[] = [];
  for (const g of actor.grants) {
    if (TRIAGE_ROLES.includes(g.role)) out.push({ type: "subtree", path: g.territoryPath });
    else if (REPORTING_ROLES.includes(g.role)) out.push({ type: "reporter", bodyId: g.bodyId });
  }
  return out;
}

export function canReadIncident(actor: Actor, t: IncidentTarget): boolean {
  return incidentReadFilters(actor).some((f) =>
    f.type === "reporter"
      ? f.bodyId === t.reporterBodyId
      : isInSubtree(t.territoryPath, f.path) || isInSubtree(t.hqTerritoryPath, f.path),
  );
}

/** Triage (acknowledge, assess, close, hand over, link) belongs to the competent HQ and those above it. */
export function canTriageIncident(actor: Actor, t: IncidentTarget): boolean {
  return actor.grants.some(
    (g) => TRIAGE_ROLES.includes(g.role) && isInSubtree(t.hqTerritoryPath, g.territoryPath),
  );
}

/* ---------------------------------------------------------------- operations (R17, R18) */

export type OperationTarget = {
  commandingHqId: string;
  /** Path of the commanding HQ's territory. */
  commandingHqPath: string;
  /** HQs that commanded before a take-over: they keep sight of the operation. */
  formerHqIds: string[];
  /** Bodies whose forces are assigned. */
  forceBodyIds: string[];
};

/** HQ officers' grants: the HQ body and its territory. */
export function hqGrants(actor: Actor): Grant[] {
  return actor.grants.filter((g) => g.role === "hq_officer");
}

/** Those assigned (commanding, former commanding, forces) and the HQs/ATC above the commanding HQ. */
export function canReadOperation(actor: Actor, t: OperationTarget): boolean {
  return actor.grants.some(
    (g) =>
      (TRIAGE_ROLES.includes(g.role) && isInSubtree(t.commandingHqPath, g.territoryPath)) ||
      g.bodyId === t.commandingHqId ||
      t.formerHqIds.includes(g.bodyId) ||
      t.forceBodyIds.includes(g.bodyId),
  );
}

/** Exactly one HQ commands: its officers assign forces, keep the log, end the operation, refer it. */
export function canCommandOperation(actor: Actor, t: OperationTarget): boolean {
  return hqGrants(actor).some((g) => g.bodyId === t.commandingHqId);
}

/** A force's own body may report its movements; the commanding HQ may too. */
export function canUpdateForce(actor: Actor, t: OperationTarget, forceBodyId: string): boolean {
  return canCommandOperation(actor, t) || actor.grants.some((g) => g.bodyId === forceBodyId);
}

/**
 * The sides an actor moves a force or a resource request as (R18, R22): the force's own body (any
 * role in it but the auditor — its coordinator commits it) and the side that requested it (the
 * commanding HQ, the activating side). `nextForceStatuses(status, sides)` gives the moves.
 */
export function forceSides(actor: Actor, forceBodyId: string, isRequester: boolean): ForceSide[] {
  const sides: ForceSide[] = [];
  if (actor.grants.some((g) => g.bodyId === forceBodyId && g.role !== "auditor")) sides.push("force");
  if (isRequester) sides.push("requester");
  return sides;
}

/** Everyone assigned writes to the log (kinds of action only, R14). */
export function canWriteOperationLog(actor: Actor, t: OperationTarget): boolean {
  return canCommandOperation(actor, t) || actor.grants.some((g) => t.forceBodyIds.includes(g.bodyId));
}

/* ---------------------------------------------------------------- prevention plans (R5–R13) */

const PLAN_MANAGERS: readonly Role[] = ["commission_secretary", "atc_coordinator", "administrator"];
const PLAN_READERS: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "auditor",
];

export type PlanTarget = { bodyId: string; territoryPath: string };

/** A commission's secretary runs its plans; the ATC and administrators those of the ATC. */
export function canManagePlan(actor: Actor, t: PlanTarget): boolean {
  return actor.grants.some((g) => PLAN_MANAGERS.includes(g.role) && g.bodyId === t.bodyId);
}

/** The commission's own people and higher commissions / the ATC over their subordinate territories. */
export function canReadPlan(actor: Actor, t: PlanTarget): boolean {
  return (
    canManagePlan(actor, t) ||
    actor.grants.some(
      (g) =>
        PLAN_READERS.includes(g.role) &&
        (g.bodyId === t.bodyId || isInSubtree(t.territoryPath, g.territoryPath)),
    )
  );
}

/* ------------------------------------------------ meetings and assignments under control (R5) */

/** Meetings follow the plans' rule: the secretary runs them, members and higher commissions read them. */
export const canManageMeeting = canManagePlan;
export const canReadMeeting = canReadPlan;

export type AssignmentTarget = {
  /** The commission (or the ATC) whose decision it is. */
  ownerBodyId: string;
  territoryPath: string;
  executorBodyId: string;
  coExecutorIds: readonly string[];
  controllerBodyId: string;
};

/** Roles that act for their body on what is assigned to it; an auditor never acts. */
const ACTING_ROLES: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "hq_officer",
  "organisation_reporter",
  "response_force_coordinator",
  "victim_support_officer",
];

/** The executor body reports and asks for extensions. */
export function canActAsExecutor(actor: Actor, t: AssignmentTarget): boolean {
  return actor.grants.some((g) => ACTING_ROLES.includes(g.role) && g.bodyId === t.executorBodyId);
}

/** The controller (the named controlling body, or the owning commission's secretariat) accepts, returns, extends. */
export function canActAsController(actor: Actor, t: AssignmentTarget): boolean {
  return (
    canManagePlan(actor, { bodyId: t.ownerBodyId, territoryPath: t.territoryPath }) ||
    actor.grants.some(
      (g) =>
        g.bodyId === t.controllerBodyId && (PLAN_MANAGERS.includes(g.role) || g.role === "commission_member"),
    )
  );
}

/**
 * Who sees an assignment: its commission's readers and higher commissions (canReadPlan), and the
 * executor, co-executor and controller bodies — a partner with an account sees only its own items.
 */
export function canReadAssignment(actor: Actor, t: AssignmentTarget): boolean {
  return (
    canReadPlan(actor, { bodyId: t.ownerBodyId, territoryPath: t.territoryPath }) ||
    actor.grants.some(
      (g) =>
        g.role !== "auditor" &&
        (g.bodyId === t.executorBodyId ||
          g.bodyId === t.controllerBodyId ||
          t.coExecutorIds.includes(g.bodyId)),
    )
  );
}

/* ------------------------------------------------ consequences (R20–R23): plans, forces, live tasks */

/** What the consequence policies need of a plan: its territory and the commission that owns it. */
export type ConsequencePlanTarget = { ownerBodyId: string; territoryPath: string };

/** The owning commission's secretary (for its chair, R5) and the ATC/administrators over the territory edit plans. */
export function canEditConsequencePlan(actor: Actor, t: ConsequencePlanTarget): boolean {
  return actor.grants.some(
    (g) =>
      (g.role === "commission_secretary" && g.bodyId === t.ownerBodyId) ||
      ((g.role === "atc_coordinator" || g.role === "administrator") &&
        isInSubtree(t.territoryPath, g.territoryPath)),
  );
}

/** Plans are read by their editors, commission members and HQs over the territory, and auditors. */
export function canReadConsequencePlan(actor: Actor, t: ConsequencePlanTarget): boolean {
  return (
    canEditConsequencePlan(actor, t) ||
    actor.grants.some(
      (g) =>
        (g.bodyId === t.ownerBodyId && g.role !== "organisation_reporter") ||
        ((["commission_secretary", "commission_member", "hq_officer", "auditor"] as Role[]).includes(
          g.role,
        ) &&
          isInSubtree(t.territoryPath, g.territoryPath)),
    )
  );
}

/**
 * Activation (R21): an operational HQ whose territory holds the plan's (HQ officers), the owning
 * commission's secretary (for its chair), the ATC. Returns the grant acted under, or undefined.
 */
export function activationGrant(actor: Actor, t: ConsequencePlanTarget): Grant | undefined {
  return (
    actor.grants.find((g) => g.role === "hq_officer" && isInSubtree(t.territoryPath, g.territoryPath)) ??
    actor.grants.find((g) => g.role === "commission_secretary" && g.bodyId === t.ownerBodyId) ??
    actor.grants.find((g) => g.role === "atc_coordinator" && isInSubtree(t.territoryPath, g.territoryPath))
  );
}

/** What the policies need of an activation: where, and the body that activated it. */
export type ActivationTarget = { activatorBodyId: string; territoryPath: string };

/** The activating body and those over the territory (HQs, the ATC, commissions, auditors) see the whole board. */
export function canReadActivation(actor: Actor, t: ActivationTarget): boolean {
  return actor.grants.some(
    (g) =>
      (g.bodyId === t.activatorBodyId && g.role !== "organisation_reporter") ||
      ((
        [
          "hq_officer",
          "atc_coordinator",
          "administrator",
          "commission_secretary",
          "commission_member",
          "auditor",
        ] as Role[]
      ).includes(g.role) &&
        isInSubtree(t.territoryPath, g.territoryPath)),
  );
}

/** The activating HQ/commission and the HQs or ATC over it add tasks on the spot and request resources. */
export function canCommandActivation(actor: Actor, t: ActivationTarget): boolean {
  return actor.grants.some(
    (g) =>
      (g.bodyId === t.activatorBodyId && g.role !== "auditor" && g.role !== "organisation_reporter") ||
      ((g.role === "hq_officer" || g.role === "atc_coordinator") &&
        isInSubtree(t.territoryPath, g.territoryPath)),
  );
}

/** A body's own people (any role but the auditor's) see and move the tasks assigned to it. */
export function actsForBody(actor: Actor, bodyId: string): boolean {
  return actor.grants.some((g) => g.bodyId === bodyId && g.role !== "auditor");
}

/**
 * Restoring normal life on an activation (R20.4, R21.3, R21.4) — damaged objects, environmental checks,
 * public statements: the activating side and the HQs or ATC over it, and the secretary of a commission
 * over the territory (commissions coordinate restoring, R5). Returns the grant acted under.
 */
export function restorationGrant(actor: Actor, t: ActivationTarget): Grant | undefined {
  return (
    actor.grants.find(
      (g) => g.bodyId === t.activatorBodyId && g.role !== "auditor" && g.role !== "organisation_reporter",
    ) ??
    actor.grants.find(
      (g) =>
        (g.role === "hq_officer" || g.role === "atc_coordinator" || g.role === "commission_secretary") &&
        isInSubtree(t.territoryPath, g.territoryPath),
    )
  );
}

/** A public statement (R21.3) is approved by one who may record it, never by its own author. */
export function canApproveStatement(actor: Actor, t: ActivationTarget, authorId: string): boolean {
  return actor.userId !== authorId && !!restorationGrant(actor, t);
}

/**
 * A response force's details, readiness and beds (R22, R23): its own coordinator (granted for the
 * force's body), and the ATC and administrators over its territory.
 */
export function canManageForce(actor: Actor, force: { bodyId: string; territoryPath: string }): boolean {
  return actor.grants.some(
    (g) =>
      (g.role === "response_force_coordinator" && g.bodyId === force.bodyId) ||
      ((g.role === "atc_coordinator" || g.role === "administrator") &&
        isInSubtree(force.territoryPath, g.territoryPath)),
  );
}

/** Who reads the roll-up dashboard of plan execution (R5: commissions coordinate; the ATC nationally). */
export const ROLLUP_READERS: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "auditor",
];
export const canReadRollup = (grants: readonly { role: Role }[]): boolean =>
  grants.some((g) => ROLLUP_READERS.includes(g.role));
