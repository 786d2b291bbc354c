import { sql } from "drizzle-orm";
import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { registryKeys } from "../registry";

/** A counter-terrorist operation (R17), commanded by exactly one operational HQ at a time (R18). */
export const operation = pgTable(
  "operation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    status: text("status").notNull().default("active"),
    goals: jsonb("goals").$type<string[]>().notNull(),
    /** Zone: territory codes, and optionally a drawn area (GeoJSON geometry). */
    zoneTerritories: jsonb("zone_territories").$type<string[]>().notNull(),
    zoneArea: jsonb("zone_area"),
    regimeStartedAt: timestamp("regime_started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    commandingHqId: uuid("commanding_hq_id").notNull().references(registryKeys.body),
    commandingHqPath: text("commanding_hq_path").notNull(),
    outcome: text("outcome").notNull().default(""),
    lessons: text("lessons").notNull().default(""),
    /** Referral to investigation (R19): nothing more than this. */
    investigatingBody: text("investigating_body"),
    caseNumber: text("case_number"),
    referralDate: date("referral_date"),
    createdBy: uuid("created_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("operation_hq_path_idx").using("btree", sql`${t.commandingHqPath} text_pattern_ops`),
    index("operation_status_idx").on(t.status),
  ],
);

/** The chain of command: each HQ that commanded, from when (take-overs, R18). */
export const operationCommand = pgTable(
  "operation_command",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    operationId: uuid("operation_id")
      .notNull()
      .references(() => operation.id),
    hqBodyId: uuid("hq_body_id").notNull().references(registryKeys.body),
    since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
    byUser: uuid("by_user").notNull(),
  },
  (t) => [index("operation_command_op_idx").on(t.operationId)],
);

/** Forces and means of state bodies assigned to an operation, with their status and times. */
export const operationForce = pgTable(
  "operation_force",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operationId: uuid("operation_id")
      .notNull()
      .references(() => operation.id),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    status: text("status").notNull().default("requested"),
    note: text("note").notNull().default(""),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    /** The force confirmed it will come (who and how many in the note, the expected arrival). */
    committedAt: timestamp("committed_at", { withTimezone: true }),
    commitNote: text("commit_note").notNull().default(""),
    eta: timestamp("eta", { withTimezone: true }),
    enRouteAt: timestamp("en_route_at", { withTimezone: true }),
    onSiteAt: timestamp("on_site_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("operation_force_op_idx").on(t.operationId), index("operation_force_body_idx").on(t.bodyId)],
);

/** The operation log: timestamped entries of the kind of action taken (R14: no operational detail). */
export const operationLog = pgTable(
  "operation_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    operationId: uuid("operation_id")
      .notNull()
      .references(() => operation.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** A kind of action (R14) or coordination note written by a person, or "system" with a code. */
    entryType: text("entry_type").notNull(),
    /** A system entry's code (domain operations.ts systemLogCodes) and its parameters. */
    code: text("code"),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    text: text("text").notNull().default(""),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    bodyId: uuid("body_id"),
  },
  (t) => [index("operation_log_op_idx").on(t.operationId, t.id)],
);
