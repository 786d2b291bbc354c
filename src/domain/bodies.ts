/**
 * Kinds of bodies the Rules name, and their sub-types. Each carries its legal basis (R-id).
 */
import type { RuleId } from "./rules";

export const bodyKinds = [
  "atc", // Anti-Terrorism Center — national coordinator (R3a)
  "commission", // anti-terrorism commission under an akimat (R3b, R5)
  "hq", // operational headquarters (R18)
  "state_body", // central state bodies and their territorial subdivisions (R4)
  "akimat", // local executive bodies (R3b, R5)
  "self_government", // local self-government bodies (R2, R5)
  "organisation", // organisations (legal entities) that report incidents (R16)
  "partner", // civil-society partner institutions (R13)
  "response_force", // response forces (R22, R23)
] as const;
export type BodyKind = (typeof bodyKinds)[number];

export const bodyKindBasis: Record<BodyKind, RuleId[]> = {
  atc: ["R3"],
  commission: ["R3", "R5"],
  hq: ["R18"],
  state_body: ["R4", "R5"],
  akimat: ["R3", "R5"],
  self_government: ["R2", "R5"],
  organisation: ["R16"],
  partner: ["R13"],
  response_force: ["R22", "R23"],
};

export const hqLevels = ["district", "region", "marine", "republican"] as const;
export type HqLevel = (typeof hqLevels)[number];

export const stateBodyLevels = ["central", "territorial"] as const;

export const partnerTypes = [
  "public_association",
  "religious_association",
  "media",
  "legal_entity",
  "other_civil",
] as const;

/** Exactly the force types of R22, then the medical ones of R23. */
export const responseForceTypes = [
  "state_fire", // R22: state fire-fighting units
  "nonstate_fire", // R22: non-state fire-fighting units
  "specialised_fire", // R22: specialised fire-fighting units
  "mes_rescue", // R22: operational rescue units of the Ministry of Emergency Situations
  "volunteer_rescue", // R22: volunteer rescue formations
  "air_transport", // R22: units of air transport
  "water_transport", // R22: units of water transport
  "rail_transport", // R22: units of rail transport
  "akimat_rapid_response", // R22: rapid-response teams of local executive bodies
  "communal_emergency", // R22: emergency-technical teams of city (district) communal services
  "emergency_medical", // R23: emergency medical teams (disaster-medicine service)
  "sanitary_toxicological", // R23: specialised sanitary-toxicological teams
  "toxicological_therapeutic", // R23: toxicological-therapeutic teams
  "toxicology_department", // R23: toxicology departments of health organisations
] as const;
export type ResponseForceType = (typeof responseForceTypes)[number];
export const responseForceBasis = (t: ResponseForceType): RuleId =>
  responseForceTypes.indexOf(t) >= responseForceTypes.indexOf("emergency_medical") ? "R23" : "R22";

export const readinessLevels = ["ready", "limited", "unavailable"] as const;

/** Sub-types allowed per kind (null = the kind has no sub-type). */
export const subtypesByKind: Record<BodyKind, readonly string[] | null> = {
  atc: null,
  commission: null,
  hq: hqLevels,
  state_body: stateBodyLevels,
  akimat: null,
  self_government: null,
  organisation: null,
  partner: partnerTypes,
  response_force: responseForceTypes,
};

export const membershipRoles = ["chair", "deputy", "secretary", "member"] as const;
export type MembershipRole = (typeof membershipRoles)[number];

/** Kinds created automatically from the territory tree; not created or deleted by hand. */
export const SYSTEM_KINDS: readonly BodyKind[] = ["atc", "commission", "hq"];

/**
 * Subordination of operational HQs (R18): district/city HQ → region HQ → republican HQ;
 * marine HQ → republican HQ.
 */
export function superiorHqLevel(level: HqLevel): HqLevel | null {
  switch (level) {
    case "district":
      return "region";
    case "region":
    case "marine":
      return "republican";
    case "republican":
      return null;
  }
}
