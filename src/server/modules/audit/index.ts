/**
 * The audit module's public face: the append-only, hash-chained audit log. Every change writes its
 * entry through `writeAudit` in the transaction that makes the change; `auditAlone` records what is
 * not a change (a sign-in, a failure); `auditReads` the reads of personal data, answered once their
 * entries are committed (read-audit-group-commit.ts). `verifyAudit` walks the chain; signed
 * checkpoints kept outside the database (`prepareAuditCheckpoints`) let `verifyAuditLog` notice a
 * log cut short or rewritten.
 */

export {
  type AuditCheckpointing,
  checkpointSettingsFrom,
  prepareAuditCheckpoints,
  writeCheckpoint,
} from "./audit.checkpoints";
export { ensureSigningKey, publicKeyPathFor } from "./audit.keys";
export { auditRoutes } from "./audit.routes";
export {
  type AuditEntry,
  auditAlone,
  type VerifyResult,
  verifyAudit,
  writeAudit,
  writeAuditMany,
} from "./audit.service";
export { type AuditLogReport, auditReportLines, verifyAuditLog } from "./audit.verify";
export type { PeopleLookup } from "./audit.view";
export { auditReads } from "./read-audit-group-commit";
