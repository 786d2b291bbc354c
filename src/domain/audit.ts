/** The typed catalogue of audited actions (style §11). */
export const auditActions = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "auth.locked",
  "auth.password_changed",
  "auth.totp_enabled",
  "auth.totp_disabled",
  "user.created",
  "user.updated",
  "body.created",
  "body.updated",
  "body.deactivated",
  "membership.added",
  "membership.updated",
  "membership.removed",
  "personal.read",
  "incident.reported",
  "incident.triaged",
  "incident.escalated",
  "operation.declared",
  "operation.command_taken",
  "operation.force_changed",
  "operation.logged",
  "operation.ended",
  "operation.referred",
  "system.seeded",
  "system.restored",
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditOutcomes = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
