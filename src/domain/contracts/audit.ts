import { z } from "zod";
import { limitQuery, offsetQuery, text } from "./common";

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
});
export const auditList = z.object({ items: z.array(auditEntryView), total: z.number() });
