/** Roles, each granted for a body and a territory subtree. */
export const roles = [
  "administrator",
  "atc_coordinator",
  "commission_secretary",
  "commission_member",
  "hq_officer",
  "organisation_reporter",
  "response_force_coordinator",
  "victim_support_officer",
  "auditor",
] as const;
export type Role = (typeof roles)[number];

export type Grant = {
  role: Role;
  /** The body the role is held in (a commission, HQ, organisation …). */
  bodyId: string;
  /** Path of the territory subtree the role covers, e.g. "KZ/750000000". */
  territoryPath: string;
};

export type Actor = {
  userId: string;
  grants: Grant[];
};
