/**
 * Tables of the registry of vulnerable objects (R10.5; Law art. 10-1–10-3). Keys of others' tables
 * through their faces (`registryKeys`); protocol decisions and assignments are prevention's, referenced
 * by id (looked up through its face, never joined).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { EquipmentKind } from "../../../domain/vulnerable-objects";
import { bytea } from "../../platform/column-types";
import { registryKeys } from "../registry";

/**
 * An object vulnerable to terrorism. The newest passport's status, term, category and gaps are copied
 * onto the row in the transaction that changes the passport, so lists, the map and the compliance
 * roll-up read one table.
 */
export const vulnerableObject = pgTable(
  "vulnerable_object",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    ownerBodyId: uuid("owner_body_id").notNull().references(registryKeys.body),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    address: text("address").notNull().default(""),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    category: text("category").notNull(),
    sector: text("sector").notNull().default(""),
    attendance: integer("attendance").notNull().default(0),
    staff: integer("staff").notNull().default(0),
    responsibleName: text("responsible_name").notNull().default(""),
    responsiblePhone: text("responsible_phone").notNull().default(""),
    responsibleEmail: text("responsible_email").notNull().default(""),
    policeBodyId: uuid("police_body_id").references(registryKeys.body),
    /** In the commission's approved list (its latest version adds it and none removes it since). */
    listed: boolean("listed").notNull().default(false),
    passportStatus: text("passport_status"),
    passportValidUntil: date("passport_valid_until", { mode: "string" }),
    passportCategory: text("passport_category"),
    gaps: jsonb("gaps").$type<EquipmentKind[]>().notNull().default([]),
    /**
     * The passport state the owner was last reminded of (`passportReminderKey`): each due, expired or
     * category-changed state is told once.
     */
    passportReminded: text("passport_reminded"),
    /** Lower-cased names, address and owner's BIN for search. */
    searchText: text("search_text").notNull(),
    /**
     * The words of the search text (split as the search's vocabulary is: objects.list.ts), kept by the
     * database: a word of the query is found as the objects holding any vocabulary word containing it,
     * through a GIN index, instead of rechecking a substring on every row the trigrams let through.
     */
    searchWords: text("search_words")
      .array()
      .notNull()
      .generatedAlwaysAs(sql`regexp_split_to_array(search_text, '[^0-9a-zа-яёәғқңөұүһі]+')`),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    index("vulnerable_object_owner_idx").on(t.ownerBodyId),
    index("vulnerable_object_police_idx").on(t.policeBodyId),
    index("vulnerable_object_territory_idx").on(t.territoryCode),
    index("vulnerable_object_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("vulnerable_object_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("vulnerable_object_search_words_idx").using("gin", t.searchWords),
    index("vulnerable_object_geo_idx").on(t.lat, t.lon),
    /** The registry's order: a page walks it and stops (bench/objects.ts). */
    index("vulnerable_object_name_idx").on(t.nameKk, t.id),
  ],
);

/** A version of a commission's territorial list, approved by its protocol decision (R5). */
export const objectListVersion = pgTable(
  "object_list_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    number: integer("number").notNull(),
    /** prevention's decision (a signed protocol's), looked up through its face. */
    decisionId: uuid("decision_id").notNull(),
    decisionNumber: text("decision_number").notNull(),
    grounds: text("grounds").notNull().default(""),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    approvedBy: uuid("approved_by"),
  },
  (t) => [
    uniqueIndex("object_list_version_uq").on(t.territoryCode, t.number),
    index("object_list_version_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** What a list version changed: an object added or removed, with its grounds. */
export const objectListChange = pgTable(
  "object_list_change",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => objectListVersion.id),
    objectId: uuid("object_id")
      .notNull()
      .references(() => vulnerableObject.id),
    change: text("change").notNull(),
    grounds: text("grounds").notNull().default(""),
  },
  (t) => [
    index("object_list_change_version_idx").on(t.versionId),
    index("object_list_change_object_idx").on(t.objectId),
  ],
);

/** A version of an object's anti-terrorist protection passport (restricted, "ДСП"). */
export const objectPassport = pgTable(
  "object_passport",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    objectId: uuid("object_id")
      .notNull()
      .references(() => vulnerableObject.id),
    number: integer("number").notNull(),
    status: text("status").notNull().default("draft"),
    sections: jsonb("sections").$type<Record<string, unknown>>().notNull(),
    /** The object's category when it was submitted (a change of category makes it due again). */
    category: text("category"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by"),
    remarks: text("remarks").notNull().default(""),
    validUntil: date("valid_until", { mode: "string" }),
    scanFilename: text("scan_filename"),
    scanMime: text("scan_mime"),
    scanSize: integer("scan_size"),
    scan: bytea("scan"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("object_passport_number_uq").on(t.objectId, t.number)],
);

/** The passport's history: every save, submission, agreement, return, attached scan. */
export const objectPassportEvent = pgTable(
  "object_passport_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    passportId: uuid("passport_id")
      .notNull()
      .references(() => objectPassport.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    action: text("action").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    comment: text("comment").notNull().default(""),
  },
  (t) => [index("object_passport_event_passport_idx").on(t.passportId, t.id)],
);

/** A finding of an inspection: the order to the owner, under control as a prevention assignment. */
export type InspectionFinding = { text: string; deadline: string; assignmentId: string | null };

/** An inspection of an object (planned or not) by the police, the KNB or the commission. */
export const objectInspection = pgTable(
  "object_inspection",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    objectId: uuid("object_id")
      .notNull()
      .references(() => vulnerableObject.id),
    territoryPath: text("territory_path").notNull(),
    kind: text("kind").notNull(),
    inspectorKind: text("inspector_kind").notNull(),
    inspectorBodyId: uuid("inspector_body_id").notNull().references(registryKeys.body),
    date: date("date", { mode: "string" }).notNull(),
    summary: text("summary").notNull().default(""),
    findings: jsonb("findings").$type<InspectionFinding[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    index("object_inspection_object_idx").on(t.objectId, t.date),
    index("object_inspection_inspector_idx").on(t.inspectorBodyId),
    index("object_inspection_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** A target programme (R10.5): a commission's year's budget to equip objects with technical protection. */
export const objectProgramme = pgTable(
  "object_programme",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerBodyId: uuid("owner_body_id").notNull().references(registryKeys.body),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    budget: bigint("budget", { mode: "number" }).notNull().default(0),
    decisionId: uuid("decision_id"),
    decisionNumber: text("decision_number"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("object_programme_owner_idx").on(t.ownerBodyId),
    index("object_programme_territory_idx").on(t.territoryCode),
    index("object_programme_path_idx").using("btree", t.year, sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** What a programme equips an object with: planned against spent, done or not. */
export const objectProgrammeItem = pgTable(
  "object_programme_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => objectProgramme.id),
    objectId: uuid("object_id")
      .notNull()
      .references(() => vulnerableObject.id),
    territoryPath: text("territory_path").notNull(),
    equipment: text("equipment").notNull(),
    planned: bigint("planned", { mode: "number" }).notNull().default(0),
    spent: bigint("spent", { mode: "number" }).notNull().default(0),
    done: boolean("done").notNull().default(false),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("object_programme_item_programme_idx").on(t.programmeId),
    index("object_programme_item_object_idx").on(t.objectId),
    index("object_programme_item_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** A drill at an object: a link to prevention's exercise (R10.3), kept on this side. */
export const objectDrill = pgTable(
  "object_drill",
  {
    objectId: uuid("object_id")
      .notNull()
      .references(() => vulnerableObject.id),
    exerciseId: uuid("exercise_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("object_drill_uq").on(t.objectId, t.exerciseId),
    index("object_drill_exercise_idx").on(t.exerciseId),
  ],
);

/**
 * One row (id 1) whose counter moves, in the same transaction, with every change to the objects'
 * rows (`touchObjects`): results computed from the objects are held until it moves
 * (cache-until-objects-change.ts).
 */
export const vulnerableObjectStamp = pgTable("vulnerable_object_stamp", {
  id: integer("id").primaryKey(),
  n: bigint("n", { mode: "number" }).notNull(),
});
