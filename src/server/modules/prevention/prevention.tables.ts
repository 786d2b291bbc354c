import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { body } from "../registry/registry.tables";

/** A plan of prevention measures of a commission (or the ATC) for a year (R5–R13). */
export const plan = pgTable(
  "plan",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => body.id),
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
  (t) => [uniqueIndex("plan_body_year_uq").on(t.bodyId, t.year)],
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
    responsibleBodyId: uuid("responsible_body_id")
      .notNull()
      .references(() => body.id),
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
    index("plan_measure_plan_idx").on(t.planId),
    index("plan_measure_responsible_idx").on(t.responsibleBodyId),
  ],
);
