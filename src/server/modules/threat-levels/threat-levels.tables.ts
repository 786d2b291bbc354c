import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { registryKeys } from "../registry";

/**
 * A decision on the terrorist threat level (Decree No. 611): the first declaration or a change of one
 * (extend, raise, lower, partial lift, cancel), each a new row referencing the decision it changes —
 * rows are never edited. A decision is changed at most once (unique `supersedes_id`): a later change
 * changes the newest decision of the chain.
 */
export const threatLevelDeclaration = pgTable(
  "threat_level_declaration",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "2026-0003": the year of the decision and a per-year count. */
    number: text("number").notNull().unique(),
    action: text("action").notNull(),
    /** null for a cancellation. */
    level: text("level"),
    /** KATO codes, "KZ", "KZ-CASPIAN" as declared. */
    territories: jsonb("territories").$type<string[]>().notNull(),
    /** Their materialised paths at the time of the decision (coverage is by path prefix). */
    territoryPaths: jsonb("territory_paths").$type<string[]>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    /** null: until further notice. */
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** Restricted: never on the public page or in the feed. */
    grounds: text("grounds").notNull(),
    announcementKk: text("announcement_kk").notNull(),
    announcementRu: text("announcement_ru").notNull(),
    announcementEn: text("announcement_en").notNull().default(""),
    /** The commission's or ATC's protocol decision it rests on (free reference). */
    decisionRef: text("decision_ref").notNull().default(""),
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => threatLevelDeclaration.id),
    /** The body in whose name it was made (the ATC, a regional HQ). */
    bodyId: uuid("body_id").references(registryKeys.body),
    createdBy: uuid("created_by").notNull(),
    createdByName: text("created_by_name").notNull(),
    /** Whole seconds: this is the CAP message's `sent`. */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("threat_level_declaration_supersedes_idx").on(t.supersedesId),
    index("threat_level_declaration_body_idx").on(t.bodyId),
    index("threat_level_declaration_created_idx").on(t.createdAt),
    index("threat_level_declaration_ends_idx").on(t.endsAt).where(sql`${t.endsAt} is not null`),
  ],
);

/**
 * Transitions that happen by themselves, recorded once by the job (any instance, under an advisory
 * lock): a declaration made ahead of its start has started; one that reached its end has expired.
 */
export const threatLevelTransition = pgTable(
  "threat_level_transition",
  {
    declarationId: uuid("declaration_id")
      .notNull()
      .references(() => threatLevelDeclaration.id),
    kind: text("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.declarationId, t.kind] })],
);

/**
 * The measures a decision asks of one body in the covered territories (catalogue: domain
 * threat-level-measures.ts), to be confirmed as received within 30 minutes.
 */
export const threatLevelTask = pgTable(
  "threat_level_task",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    declarationId: uuid("declaration_id")
      .notNull()
      .references(() => threatLevelDeclaration.id),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    /** The body's territory path (who sees the task: the body and those above it). */
    territoryPath: text("territory_path").notNull(),
    /** Measure keys of the catalogue, as they stood when the task was made. */
    measures: jsonb("measures").$type<string[]>().notNull(),
    /** Texts of the measures the default catalogue does not have, as they stood then. */
    measureNames: jsonb("measure_names")
      .$type<Record<string, { kk: string; ru: string; en: string }>>()
      .notNull()
      .default({}),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    confirmedBy: uuid("confirmed_by"),
    confirmedByName: text("confirmed_by_name"),
    /** Measures reported done, each once: key, when, by whom, what was done. */
    done: jsonb("done").$type<MeasureDone[]>().notNull().default([]),
    /** Unconfirmed past its due time: the HQ of the body's territory was told (R18). */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    escalatedToBodyId: uuid("escalated_to_body_id").references(registryKeys.body),
    /** A later decision ended it: see closeReasons (domain threat-level-measures.ts). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedReason: text("closed_reason"),
    closedByDeclarationId: uuid("closed_by_declaration_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("threat_level_task_decl_body_idx").on(t.declarationId, t.bodyId),
    index("threat_level_task_body_idx").on(t.bodyId),
    index("threat_level_task_open_due_idx")
      .on(t.dueAt)
      .where(sql`${t.confirmedAt} is null and ${t.closedAt} is null and ${t.escalatedAt} is null`),
  ],
);

/** byId: the account that reported it (entries written before it was kept have none). */
export type MeasureDone = { key: string; at: string; byId?: string; byName: string; note: string };

/**
 * The measures catalogue in force (Decree No. 611 leaves the list to the bodies: configurable). Empty:
 * the default of domain threat-level-measures.ts applies. Replaced as a whole by the ATC, versioned.
 */
export const threatMeasure = pgTable("threat_measure", {
  key: text("key").primaryKey(),
  position: integer("position").notNull(),
  fromLevel: text("from_level").notNull(),
  kinds: jsonb("kinds").$type<string[]>().notNull(),
  basis: jsonb("basis").$type<string[]>().notNull(),
  nameKk: text("name_kk"),
  nameRu: text("name_ru"),
  nameEn: text("name_en"),
  /** The catalogue's version when this row was written (all rows of a version are written together). */
  version: integer("version").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by"),
});
