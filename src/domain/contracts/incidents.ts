import { z } from "zod";
import {
  closeReasons,
  closeReasonsRecorded,
  incidentStatuses,
  incidentTypes,
  triageActions,
} from "../incidents";
import { limitQuery, names, offsetQuery, shortText, territoryCode, text, uuid, version } from "./common";
import { personView } from "./people";
import { namedObjectRef } from "./vulnerable-objects";

/** Sent by the client with every report; a retry with the same key never files a second report. */
export const idempotencyKey = text(200, { trim: false }).refine((v) => /^[A-Za-z0-9_-]{8,100}$/.test(v), {
  params: { code: "invalid_format" },
});

export const reportIncidentBody = z.object({
  type: z.enum(incidentTypes),
  occurredAt: z.iso.datetime({ offset: true }),
  territoryCode,
  offshore: z.boolean().default(false),
  address: shortText(500).default(""),
  lat: z.number().min(40).max(56).nullable().optional(),
  lon: z.number().min(46).max(88).nullable().optional(),
  /**
   * The reporter saw that the point lies outside the chosen territory's boundary and confirms it; without
   * it such a point is refused (field pointOutsideConfirmed, code point_outside_territory).
   */
  pointOutsideConfirmed: z.boolean().optional(),
  description: text(5000, { min: 1 }),
  casualties: z.number().int().min(0).max(100_000).nullable().optional(),
  reporterContact: shortText(200).default(""),
  /** Which of the user's bodies files the report, when the user reports for several. */
  reportingBodyId: uuid.optional(),
  /**
   * A vulnerable object the report names (Law art. 10-1–10-3; "attack on a vulnerable object" picks it):
   * one the reporter may see, in the report's territory or below it (field objectId otherwise).
   */
  objectId: uuid.nullable().optional(),
});
export type ReportIncidentBody = z.infer<typeof reportIncidentBody>;

export const incidentListQuery = z.object({
  status: z.enum(incidentStatuses).optional(),
  type: z.enum(incidentTypes).optional(),
  open: z.enum(["true", "false"]).optional(),
  /** "none": leave out reports grouped in a campaign (they are shown as one row per wave). */
  campaign: z.union([z.literal("none"), uuid]).optional(),
  /** Only reports naming this vulnerable object (nothing when the reader may not see the object). */
  object: uuid.optional(),
  limit: limitQuery,
  offset: offsetQuery,
});
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

const ref = z.object({ id: z.string(), names });

export const incidentView = z.object({
  id: z.string(),
  regNumber: z.string(),
  type: z.enum(incidentTypes),
  status: z.enum(incidentStatuses),
  occurredAt: z.string(),
  receivedAt: z.string(),
  territoryCode: z.string(),
  territoryNames: names,
  offshore: z.boolean(),
  address: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  description: z.string(),
  casualties: z.number().nullable(),
  reporterBody: ref,
  hq: ref,
  ackDeadline: z.string(),
  acknowledgedAt: z.string().nullable(),
  closeReason: z.enum(closeReasonsRecorded).nullable(),
  mergedIntoId: z.string().nullable(),
  campaignId: z.string().nullable(),
  handedOverTo: z.string().nullable(),
  /** The counter-terrorist operation the report was taken into (its page answers only those who may read it). */
  operationId: z.string().nullable(),
  version: z.number(),
  basis: z.array(z.string()),
});
export type IncidentView = z.infer<typeof incidentView>;

export const incidentEventView = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string(),
  /** The person behind the step (full name and body), when it was a person's account. */
  actor: personView.nullable(),
  comment: z.string(),
});

const related = z.object({
  id: z.string(),
  regNumber: z.string(),
  type: z.enum(incidentTypes),
  receivedAt: z.string(),
  status: z.enum(incidentStatuses),
});

export const incidentDetail = incidentView.extend({
  history: z.array(incidentEventView),
  nextActions: z.array(z.enum(triageActions)),
  /** Open reports of the same HQ area, close in time, with similar text (pg_trgm): for triage only. */
  possibleDuplicates: z.array(related.extend({ similarity: z.number() })),
  /** Reports merged into this one; their content stays readable. */
  merged: z.array(related.extend({ description: z.string() })),
  /** The vulnerable object the report names — only for a reader who may see the object (restricted list). */
  object: namedObjectRef.nullable(),
});

export const mergeBody = z.object({ duplicateId: uuid, version, comment: shortText(2000).default("") });
export type IncidentDetail = z.infer<typeof incidentDetail>;

export const incidentList = z.object({ items: z.array(incidentView), total: z.number() });

export const incidentActionBody = z
  .object({
    action: z.enum(triageActions),
    version,
    comment: shortText(2000).default(""),
    reason: z.enum(closeReasons).optional(),
    handedOverTo: shortText(300).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "close" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], params: { code: "required" } });
    if (v.action === "hand_over" && !v.handedOverTo)
      ctx.addIssue({ code: "custom", path: ["handedOverTo"], params: { code: "required" } });
  });
export type IncidentActionBody = z.infer<typeof incidentActionBody>;

export const pictureQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
export const incidentPicture = z.object({
  since: z.string(),
  regions: z.array(z.object({ code: z.string(), names, total: z.number(), open: z.number() })),
  cells: z.array(
    z.object({ region: z.string(), type: z.enum(incidentTypes), total: z.number(), open: z.number() }),
  ),
});
export type IncidentPicture = z.infer<typeof incidentPicture>;

export const campaignView = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(incidentTypes),
  signature: z.string(),
  status: z.enum(["open", "closed"]),
  createdAt: z.string(),
  lastReportAt: z.string(),
  closeReason: z.enum(closeReasonsRecorded).nullable(),
  total: z.number(),
  open: z.number(),
  regions: z.number(),
});
export type CampaignView = z.infer<typeof campaignView>;
export const campaignList = z.object({ items: z.array(campaignView) });
export const campaignDetail = campaignView.extend({ reports: z.array(incidentView), canClose: z.boolean() });
export type CampaignDetail = z.infer<typeof campaignDetail>;
export const closeCampaignBody = z.object({
  reason: z.enum(closeReasons),
  comment: shortText(2000).default(""),
});
export const closeCampaignResult = z.object({
  closed: z.number(),
  remaining: z.number(),
  campaign: campaignDetail,
});
