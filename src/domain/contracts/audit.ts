import { z } from "zod";
import { limitQuery, offsetQuery } from "./common";

export const auditQuery = z.object({
  actor: z.string().trim().max(100).optional(),
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(60).optional(),
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
