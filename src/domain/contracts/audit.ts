import { z } from "zod";
import { limitQuery, offsetQuery, text } from "./common";
import { personView } from "./people";

export const auditQuery = z.object({
  actor: text(100).optional(),
  entityType: text(40, { trim: false }).optional(),
  entityId: text(100, { trim: false }).optional(),
  action: text(60, { trim: false }).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: limitQuery,
  offset: offsetQuery,
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryView = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  outcome: z.string(),
  requestId: z.string(),
  /** The person who acted, when the entry names an account that exists. */
  actor: personView.nullable(),
  /** For an entry about an account (record type "user"): that person. */
  subject: personView.nullable(),
  /** The web page of the record (src/domain/audit-links.ts), or null. */
  link: z.string().nullable(),
});
export const auditList = z.object({ items: z.array(auditEntryView), total: z.number() });
