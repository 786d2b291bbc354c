import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  date,
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
import { bytea } from "../../platform/column-types";
import { authKeys } from "../auth";
import { registryKeys } from "../registry";

/** A plan of prevention measures of a commission (or the ATC) for a year (R5–R13). */
export const plan = pgTable(
  "plan",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    territoryPath: text("territory_path").notNull(),
    year: integer("year").notNull(),
    status: text("status").notNull().default("draft"),
    /** The chair's decision approving it (protocol number and date). */
    decisionRef: text("decision_ref"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    approvedBy: text("approved_by"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("plan_body_year_uq").on(t.bodyId, t.year),
    index("plan_year_territory_idx").using("btree", t.year, sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** A measure of a plan: category and sub-type from the catalogue, who does it, when, and targets. */
export const planMeasure = pgTable(
  "plan_measure",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plan.id),
    category: text("category").notNull(),
    subtype: text("subtype").notNull(),
    title: text("title").notNull(),
    responsibleBodyId: uuid("responsible_body_id").notNull().references(registryKeys.body),
    coExecutorIds: jsonb("co_executor_ids").$type<string[]>().notNull().default([]),
    partnerIds: jsonb("partner_ids").$type<string[]>().notNull().default([]),
    deadline: date("deadline"),
    periodicity: text("periodicity").notNull().default("once"),
    indicators: jsonb("indicators").$type<Record<string, number>>().notNull().default({}),
    goals: jsonb("goals").$type<string[]>().notNull().default([]),
    status: text("status").notNull().default("planned"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("plan_measure_plan_idx").on(t.planId, t.createdAt),
    index("plan_measure_responsible_idx").on(t.responsibleBodyId),
  ],
);

/** Agenda item of a meeting: the question and who speaks to it. */
export type AgendaItem = { title: string; speakers: { name: string; bodyId: string | null }[] };
/** Attendance of a member body (R5): its representative and whether present. */
export type Attendance = { bodyId: string; representative: string; present: boolean };

/** A meeting of a commission (or of the ATC): planned, then held — its protocol signed and numbered. */
export const meeting = pgTable(
  "meeting",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    territoryPath: text("territory_path").notNull(),
    heldAt: timestamp("held_at", { withTimezone: true }).notNull(),
    place: text("place").notNull().default(""),
    chairName: text("chair_name").notNull().default(""),
    agenda: jsonb("agenda").$type<AgendaItem[]>().notNull().default([]),
    attendance: jsonb("attendance").$type<Attendance[]>().notNull().default([]),
    status: text("status").notNull().default("planned"),
    /** Protocol number, given when the protocol is signed: sequential per body and year. */
    protocolYear: integer("protocol_year"),
    protocolNumber: integer("protocol_number"),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("meeting_body_idx").on(t.bodyId, t.heldAt),
    uniqueIndex("meeting_protocol_uq").on(t.bodyId, t.protocolYear, t.protocolNumber),
    index("meeting_territory_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** A decision of a meeting: its text and to whom it is assigned, with a controller and a deadline. */
export const decision = pgTable(
  "decision",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meeting.id),
    position: integer("position").notNull(),
    /** The agenda item (0-based) it settles. */
    agendaIndex: integer("agenda_index").notNull().default(0),
    text: text("text").notNull(),
    executorIds: jsonb("executor_ids").$type<string[]>().notNull().default([]),
    coExecutorIds: jsonb("co_executor_ids").$type<string[]>().notNull().default([]),
    controllerBodyId: uuid("controller_body_id").references(registryKeys.body),
    deadline: date("deadline", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("decision_meeting_idx").on(t.meetingId, t.position)],
);

/** An assignment under control (R5): one executor body, a controller, a deadline, a state machine. */
export const assignment = pgTable(
  "assignment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "12/3.1-2": protocol number / decision position - executor. */
    number: text("number").notNull(),
    ownerBodyId: uuid("owner_body_id").notNull().references(registryKeys.body),
    territoryPath: text("territory_path").notNull(),
    source: text("source").notNull().default("decision"),
    meetingId: uuid("meeting_id").references(() => meeting.id),
    decisionId: uuid("decision_id").references(() => decision.id),
    exerciseId: uuid("exercise_id"),
    title: text("title").notNull(),
    executorBodyId: uuid("executor_body_id").notNull().references(registryKeys.body),
    coExecutorIds: jsonb("co_executor_ids").$type<string[]>().notNull().default([]),
    controllerBodyId: uuid("controller_body_id").notNull().references(registryKeys.body),
    deadline: date("deadline", { mode: "string" }).notNull(),
    originalDeadline: date("original_deadline", { mode: "string" }).notNull(),
    status: text("status").notNull().default("assigned"),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    remindedBeforeAt: timestamp("reminded_before_at", { withTimezone: true }),
    remindedDueAt: timestamp("reminded_due_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    escalatedToBodyId: uuid("escalated_to_body_id").references(registryKeys.body),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("assignment_executor_idx").on(t.executorBodyId, t.status),
    index("assignment_open_deadline_idx").on(t.status, t.deadline),
    index("assignment_territory_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("assignment_meeting_idx").on(t.meetingId),
  ],
);

/** The history of an assignment: every step with who, when, and what was said or reported. */
export const assignmentEvent = pgTable(
  "assignment_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignment.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    comment: text("comment").notNull().default(""),
    data: jsonb("data"),
  },
  (t) => [index("assignment_event_assignment_idx").on(t.assignmentId, t.id)],
);

/** A file attached to an executor's report. */
export const assignmentFile = pgTable(
  "assignment_file",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignment.id),
    eventId: bigint("event_id", { mode: "number" }),
    filename: text("filename").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assignment_file_assignment_idx").on(t.assignmentId)],
);

/** In-app notifications: reminders, overdue and escalation signals, addressed to a user. */
export const notification = pgTable(
  "notification",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id").notNull().references(authKeys.user),
    kind: text("kind").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    data: jsonb("data").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("notification_user_idx").on(t.userId, t.id)],
);

/**
 * A quarterly execution report on a plan measure: what was done, figures against the
 * indicators. Plan, commission, territory and category are copied in so roll-ups read one table.
 */
export const measureReport = pgTable(
  "measure_report",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    measureId: uuid("measure_id")
      .notNull()
      .references(() => planMeasure.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plan.id),
    ownerBodyId: uuid("owner_body_id").notNull(),
    territoryPath: text("territory_path").notNull(),
    category: text("category").notNull(),
    subtype: text("subtype").notNull(),
    year: integer("year").notNull(),
    quarter: integer("quarter").notNull(),
    outcome: text("outcome").notNull(),
    figures: jsonb("figures").$type<Record<string, number>>().notNull().default({}),
    text: text("text").notNull().default(""),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull().defaultNow(),
    reportedBy: text("reported_by").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("measure_report_measure_quarter_uq").on(t.measureId, t.year, t.quarter),
    index("measure_report_rollup_idx").using(
      "btree",
      t.year,
      t.quarter,
      sql`${t.territoryPath} text_pattern_ops`,
    ),
    index("measure_report_plan_idx").on(t.planId, t.year, t.quarter),
  ],
);

/** A finding of an exercise: it becomes an assignment under control when the results are recorded. */
export type Finding = { text: string; executorBodyId: string; deadline: string; assignmentId: string | null };

/** An exercise, drill (R10.3) or training of a population group (R10.2) in a commission's calendar. */
export const exercise = pgTable(
  "exercise",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerBodyId: uuid("owner_body_id").notNull().references(registryKeys.body),
    territoryPath: text("territory_path").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    scenario: text("scenario").notNull().default(""),
    place: text("place").notNull().default(""),
    /** Exercises: place of residence or of work (R10.3). */
    setting: text("setting"),
    /** Trainings: social, professional or age group (R10.2), and which one. */
    audience: text("audience"),
    audienceDetail: text("audience_detail").notNull().default(""),
    date: date("date", { mode: "string" }).notNull(),
    participantBodyIds: jsonb("participant_body_ids").$type<string[]>().notNull().default([]),
    plannedParticipants: integer("planned_participants").notNull().default(0),
    status: text("status").notNull().default("planned"),
    actualParticipants: integer("actual_participants"),
    results: text("results").notNull().default(""),
    findings: jsonb("findings").$type<Finding[]>().notNull().default([]),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("exercise_date_idx").on(t.date),
    index("exercise_territory_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/**
 * Read model of the roll-up: per plan, quarter, category and sub-type — how many
 * measures were due and how many were reported done, partly, not done; when the plan's first report of
 * the quarter came. Rebuilt for a plan in the same transaction as any change to its measures or reports,
 * so the national dashboard sums thousands of rows instead of millions.
 */
export const measureRollup = pgTable(
  "measure_rollup",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plan.id),
    territoryPath: text("territory_path").notNull(),
    year: integer("year").notNull(),
    quarter: integer("quarter").notNull(),
    category: text("category").notNull(),
    subtype: text("subtype").notNull(),
    expected: integer("expected").notNull().default(0),
    done: integer("done").notNull().default(0),
    partial: integer("partial").notNull().default(0),
    notDone: integer("not_done").notNull().default(0),
    firstReportedAt: timestamp("first_reported_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.quarter, t.category, t.subtype] }),
    index("measure_rollup_idx").using("btree", t.year, t.quarter, sql`${t.territoryPath} text_pattern_ops`),
  ],
);
