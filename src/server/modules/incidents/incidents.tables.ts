import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "../../platform/column-types";
import { authKeys } from "../auth";
import { registryKeys } from "../registry";
import { objectKeys } from "../vulnerable-objects";

/** Registration numbers of incident reports: "2026-000123" (year of receipt + this sequence). */
export const incidentNumberSeq = pgSequence("incident_number_seq", { startWith: 1 });

/** An incident report (R16), routed to the competent operational HQ (R18). */
export const incident = pgTable(
  "incident",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regNumber: text("reg_number").notNull().unique(),
    type: text("type").notNull(),
    status: text("status").notNull().default("received"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /** Server clock at commit: the time of receipt (R16). */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    offshore: boolean("offshore").notNull().default(false),
    address: text("address").notNull().default(""),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    description: text("description").notNull(),
    casualties: integer("casualties"),
    /** Personal data: the reporter's contact (need-to-know). */
    reporterContact: text("reporter_contact").notNull().default(""),
    reporterBodyId: uuid("reporter_body_id").notNull().references(registryKeys.body),
    reporterUserId: uuid("reporter_user_id").notNull().references(authKeys.user),
    idempotencyKey: text("idempotency_key").notNull(),
    hqBodyId: uuid("hq_body_id").notNull().references(registryKeys.body),
    hqTerritoryPath: text("hq_territory_path").notNull(),
    ackDeadline: timestamp("ack_deadline", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    closeReason: text("close_reason"),
    handedOverTo: text("handed_over_to"),
    /** The operation this report was linked to (R17). No FK: operations live in their own module. */
    operationId: uuid("operation_id"),
    /** When closed as a duplicate: the report it was merged into (both keep their content). */
    mergedIntoId: uuid("merged_into_id"),
    /** The wave this report belongs to (many similar reports across territories within hours). */
    campaignId: uuid("campaign_id"),
    /** The vulnerable object the report names (Law art. 10-1–10-3), checked at intake (object-link.ts). */
    objectId: uuid("object_id").references(objectKeys.object),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("incident_idempotency_uq").on(t.reporterUserId, t.idempotencyKey),
    index("incident_territory_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("incident_hq_path_idx").using("btree", sql`${t.hqTerritoryPath} text_pattern_ops`),
    index("incident_reporter_body_idx").on(t.reporterBodyId),
    index("incident_status_idx").on(t.status, t.receivedAt),
    index("incident_campaign_idx").on(t.campaignId),
    index("incident_object_idx").on(t.objectId),
    index("incident_description_trgm_idx").using("gin", sql`${t.description} gin_trgm_ops`),
  ],
);

/** The history of a report: every transition with actor, time and comment. */
export const incidentEvent = pgTable(
  "incident_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    comment: text("comment").notNull().default(""),
    data: jsonb("data"),
  },
  (t) => [index("incident_event_incident_idx").on(t.incidentId, t.id)],
);

/** A wave: similar reports across territories grouped so the board stays readable. */
export const incidentCampaign = pgTable("incident_campaign", {
  id: uuid("id").primaryKey().defaultRandom(),
  number: text("number").notNull().unique(),
  type: text("type").notNull(),
  /** The first report's description: what new reports are compared with. */
  signature: text("signature").notNull(),
  status: text("status").notNull().default("open"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastReportAt: timestamp("last_report_at", { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  closeReason: text("close_reason"),
  closedBy: text("closed_by"),
});

/** Reports already offered to wave grouping (so the job does not re-examine them every second). */
export const incidentWaveChecked = pgTable("incident_wave_checked", {
  incidentId: uuid("incident_id").primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A file attached to a report (R16): a photo or document, its kind found from its bytes
 * (platform/file-types.ts), kept in the database so that backups carry it. One content is kept once
 * per report (sha256): a resent upload finds the file already there.
 */
export const incidentFile = pgTable(
  "incident_file",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id),
    filename: text("filename").notNull(),
    /** The kind found from the bytes (src/domain/attachments.ts) and the content type it is served with. */
    kind: text("kind").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    uploadedBy: uuid("uploaded_by").notNull().references(authKeys.user),
    uploadedByName: text("uploaded_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("incident_file_content_uq").on(t.incidentId, t.sha256),
    index("incident_file_uploaded_by_idx").on(t.uploadedBy),
  ],
);
