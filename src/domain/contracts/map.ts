/**
 * The operating picture's layers (one offline map): every layer is answered by the module that owns its
 * records, in the reader's scope, with the same small shape — items that carry what the map draws and
 * what the record's page needs (its id). Queries share the box and the time window.
 */
import { z } from "zod";
import { type Bbox, parseBbox } from "../geo";
import { incidentStatuses, incidentTypes } from "../incidents";
import { operationStatuses } from "../operations";
import { names, territoryCode, text } from "./common";

/** "west,south,east,north" in degrees (WGS84). */
export const bboxParam = z
  .string()
  .max(200)
  // A refinement, not an issue raised in the transform: the other fields' problems are reported too.
  .refine((v) => parseBbox(v) !== null, { params: { code: "invalid_bbox" } })
  .transform((v): Bbox => parseBbox(v) as Bbox);

const instant = z.iso.datetime({ offset: true });

/** The reports layer: reports received in [from, to) of these types, inside the box. */
export const incidentMapQuery = z.object({
  bbox: bboxParam.optional(),
  from: instant.optional(),
  to: instant.optional(),
  /** Comma-separated report types ("armed_attack,hostage_taking"); all when omitted. */
  types: text(1000)
    .transform((v) => v.split(",").filter(Boolean))
    .pipe(z.array(z.enum(incidentTypes)))
    .optional(),
  /** Only reports still open (not closed, handed over or linked to an operation). */
  open: z.enum(["true", "false"]).optional(),
});
export type IncidentMapQuery = z.infer<typeof incidentMapQuery>;

/** At most this many points in one answer (newest first); `truncated` says when more matched. */
export const MAP_POINTS_MAX = 20_000;

export const incidentMapItem = z.object({
  id: z.string(),
  regNumber: z.string(),
  type: z.enum(incidentTypes),
  status: z.enum(incidentStatuses),
  receivedAt: z.string(),
  lon: z.number(),
  lat: z.number(),
  /**
   * True when the report has no point of its own and is drawn at its territory's: the settlement's
   * gazetteer point, or the centre of its district's (region's) boundary.
   */
  approximate: z.boolean(),
});
export const incidentMap = z.object({
  items: z.array(incidentMapItem),
  /** Reports in scope and window with no point to draw (offshore without one, or the republic as a whole). */
  withoutPoint: z.number(),
  truncated: z.boolean(),
});
export type IncidentMap = z.infer<typeof incidentMap>;

/** The operation-zones layer: operations whose regime overlaps [from, to). */
export const operationMapQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  status: z.enum(operationStatuses).optional(),
});
export type OperationMapQuery = z.infer<typeof operationMapQuery>;

export const operationMapItem = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(operationStatuses),
  regimeStartedAt: z.string(),
  endedAt: z.string().nullable(),
  /** The zone's territories, and for each the unit whose shipped boundary draws it (itself or an ancestor). */
  zone: z.array(z.object({ code: z.string(), names, boundaryCode: z.string().nullable() })),
  /** A drawn area (GeoJSON Polygon), when the operation has one: drawn instead of the territories. */
  zoneArea: z
    .object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.array(z.number()))) })
    .nullable(),
});
export const operationMap = z.object({ items: z.array(operationMapItem) });
export type OperationMap = z.infer<typeof operationMap>;

/** Where a territory is: its box to zoom to, its point, and the boundary a point in it must fall in. */
export const territoryPlace = z.object({
  code: z.string(),
  names,
  level: z.number(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  point: z.tuple([z.number(), z.number()]).nullable(),
  /** The unit whose shipped boundary contains this territory (itself when it has one), null offshore. */
  boundary: z
    .object({
      code: z.string(),
      names,
      geometry: z.discriminatedUnion("type", [
        z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.array(z.number()))) }),
        z.object({
          type: z.literal("MultiPolygon"),
          coordinates: z.array(z.array(z.array(z.array(z.number())))),
        }),
      ]),
    })
    .nullable(),
});
export type TerritoryPlace = z.infer<typeof territoryPlace>;
export const territoryPlaceParam = z.object({ code: territoryCode });
