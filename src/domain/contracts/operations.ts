import { z } from "zod";
import {
  forceStatuses,
  logEntryTypes,
  loggedEntryTypes,
  operationGoals,
  operationStatuses,
  systemLogCodes,
} from "../operations";
import { limitQuery, names, offsetQuery, shortText, territoryCode, text, uuid, version } from "./common";
import { personView } from "./people";

const lonLat = z.tuple([z.number().min(46).max(88), z.number().min(40).max(56)]);
/**
 * A closed ring: the last point repeats the first. Zod runs this even when `.min(4)` failed (an empty
 * ring reached `ring[0][0]` and answered 500), so it looks only at what is there and never throws.
 */
const ring = z
  .array(lonLat)
  .min(4)
  .max(200)
  .superRefine((points, ctx) => {
    if (points.length < 4) return; // reported by .min(4)
    const first: unknown = points[0];
    const last: unknown = points[points.length - 1];
    if (!Array.isArray(first) || !Array.isArray(last)) return; // reported by the point's own schema
    if (first[0] !== last[0] || first[1] !== last[1])
      ctx.addIssue({ code: "custom", input: points, params: { code: "ring_not_closed" } });
  });
export const polygon = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(ring).length(1),
});

export const declareOperationBody = z.object({
  title: text(300, { min: 1 }),
  goals: z.array(z.enum(operationGoals)).min(1).max(5),
  zoneTerritories: z.array(territoryCode).min(1).max(50),
  /** A drawn area (GeoJSON Polygon, one ring, lon/lat in Kazakhstan's bounding box). */
  zoneArea: polygon.nullable().optional(),
  /** Start of the legal regime of the operation; now when omitted. */
  regimeStartedAt: z.iso.datetime({ offset: true }).optional(),
  /** Reports that lead to it; each is linked (triage action "link"). */
  incidentIds: z.array(uuid).max(500).default([]),
  /** Which HQ declares, for an officer of several. */
  hqBodyId: uuid.optional(),
});
export type DeclareOperationBody = z.infer<typeof declareOperationBody>;

export const operationListQuery = z.object({
  status: z.enum(operationStatuses).optional(),
  limit: limitQuery,
  offset: offsetQuery,
});

const ref = z.object({ id: z.string(), names });

export const operationSummary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(operationStatuses),
  goals: z.array(z.enum(operationGoals)),
  regimeStartedAt: z.string(),
  endedAt: z.string().nullable(),
  commandingHq: ref,
  version: z.number(),
});
export type OperationSummary = z.infer<typeof operationSummary>;

export const operationForceView = z.object({
  id: z.string(),
  body: ref.extend({ kind: z.string(), subtype: z.string().nullable() }),
  status: z.enum(forceStatuses),
  note: z.string(),
  requestedAt: z.string(),
  committedAt: z.string().nullable(),
  /** What the force committed: who and how many will come (free text), and when it expects to arrive. */
  commitNote: z.string(),
  eta: z.string().nullable(),
  enRouteAt: z.string().nullable(),
  onSiteAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  version: z.number(),
  nextStatuses: z.array(z.enum(forceStatuses)),
});

export const operationDetail = operationSummary.extend({
  zone: z.array(z.object({ code: z.string(), names })),
  zoneArea: polygon.nullable(),
  commandChain: z.array(z.object({ hq: ref, since: z.string() })),
  forces: z.array(operationForceView),
  log: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      entryType: z.enum(loggedEntryTypes),
      /** A system entry's code (entryType "system") and its parameters, e.g. forces_status {status}. */
      code: z.enum(systemLogCodes).nullable(),
      params: z.record(z.string(), z.string()),
      text: z.string(),
      actorName: z.string(),
      /** The person who wrote the entry (full name and body), when it was a person's account. */
      actor: personView.nullable(),
      /** The body the entry concerns (a force moved, the HQ that took over), when there is one. */
      body: ref.nullable(),
    }),
  ),
  incidents: z.array(z.object({ id: z.string(), regNumber: z.string(), type: z.string() })),
  outcome: z.string(),
  lessons: z.string(),
  referral: z.object({ investigatingBody: z.string(), caseNumber: z.string(), date: z.string() }).nullable(),
  allowedActions: z.array(z.enum(["command", "take_over", "write_log", "end", "refer"])),
  basis: z.array(z.string()),
});
export type OperationDetail = z.infer<typeof operationDetail>;

export const operationList = z.object({ items: z.array(operationSummary), total: z.number() });

export const versionBody = z.object({ version });
export const addForceBody = z.object({ bodyId: uuid, note: shortText(300).default("") });
/**
 * A move of forces or of a resource request (one state machine, domain/operations.ts). Committing may
 * say who and how many will come and the expected arrival; other moves carry neither.
 */
export const forceMoveBody = z.object({
  status: z.enum(forceStatuses),
  version,
  commitNote: shortText(300).default(""),
  eta: z.iso.datetime({ offset: true }).nullable().default(null),
});
export const updateForceBody = forceMoveBody;
export const logEntryBody = z.object({ entryType: z.enum(logEntryTypes), text: shortText(500).default("") });
export const endOperationBody = z.object({
  version,
  outcome: shortText(4000).default(""),
  lessons: shortText(4000).default(""),
});
export const referralBody = z.object({
  version,
  investigatingBody: text(300, { min: 1 }),
  caseNumber: text(100, { min: 1 }),
  date: z.iso.date(),
});
