import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { registryKeys } from "../registry";
import { objectKeys } from "../vulnerable-objects";

type Means = { kind: string; count: number; note: string }[];

/**
 * What a duty officer needs of a response force (R22, R23) beyond the registry's row: contacts on
 * duty, base point, personnel, means, readiness with the time it was last confirmed, the commission or
 * HQ it answers to. One row per force body, made on its first edit or readiness confirmation.
 */
export const forceProfile = pgTable(
  "consequence_force",
  {
    bodyId: uuid("body_id").primaryKey().references(registryKeys.body),
    dutyContacts: jsonb("duty_contacts")
      .$type<{ name: string; phone: string; position: string }[]>()
      .notNull(),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    personnel: integer("personnel"),
    means: jsonb("means").$type<Means>().notNull(),
    readiness: text("readiness"),
    readinessConfirmedAt: timestamp("readiness_confirmed_at", { withTimezone: true }),
    answersToBodyId: uuid("answers_to_body_id").references(registryKeys.body),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consequence_force_answers_idx").on(t.answersToBodyId)],
);

/** Every readiness confirmation, as given. */
export const readinessEntry = pgTable(
  "consequence_readiness",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    readiness: text("readiness").notNull(),
    note: text("note").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull(),
    byUser: uuid("by_user"),
    byName: text("by_name").notNull(),
  },
  (t) => [index("consequence_readiness_body_idx").on(t.bodyId, t.id)],
);

/** Beds of a health organisation of the disaster-medicine service (R23), by profile, free now. */
export const bedCapacity = pgTable(
  "consequence_beds",
  {
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    /** The body's territory path, copied so the territory's and region's sums need no join. */
    territoryPath: text("territory_path").notNull(),
    profile: text("profile").notNull(),
    total: integer("total").notNull(),
    free: integer("free").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bodyId, t.profile] }),
    index("consequence_beds_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
  ],
);

/** A consequence plan made in advance (R21) for a territory, optionally an object and a scenario. */
export const plan = pgTable(
  "consequence_plan",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    status: text("status").notNull().default("draft"),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    /** The commission (or the ATC, for the republic) that approves it. */
    ownerBodyId: uuid("owner_body_id").notNull().references(registryKeys.body),
    scenario: text("scenario"),
    /** A vulnerable object of the territory (the key is the object registry's, through its face). */
    objectId: uuid("object_id").references(objectKeys.object),
    forecast: jsonb("forecast")
      .$type<{
        casualties: { severe: number; moderate: number; light: number };
        areaHa: number;
        evacuate: number;
        hazards: string[];
      }>()
      .notNull(),
    reviewDate: date("review_date"),
    /** The content's version: +1 each time an approved plan is edited. */
    versionNo: integer("version_no").notNull().default(1),
    decisionId: uuid("decision_id"),
    decisionNumber: text("decision_number"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    copiedFromId: uuid("copied_from_id"),
    /** The review reminder was sent for this review date. */
    reviewNotifiedFor: date("review_notified_for"),
    createdBy: uuid("created_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consequence_plan_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("consequence_plan_owner_idx").on(t.ownerBodyId),
    index("consequence_plan_review_idx").on(t.reviewDate),
    index("consequence_plan_object_idx").on(t.objectId),
  ],
);

/** A plan's tasks: grouped by R21's main task, typed by R20's activity. */
export const planTask = pgTable(
  "consequence_plan_task",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plan.id),
    position: integer("position").notNull(),
    mainTask: text("main_task").notNull(),
    activity: text("activity").notNull(),
    title: text("title").notNull(),
    responsibleBodyId: uuid("responsible_body_id").references(registryKeys.body),
    normMinutes: integer("norm_minutes").notNull(),
    means: jsonb("means").$type<Means>().notNull(),
  },
  (t) => [
    index("consequence_plan_task_plan_idx").on(t.planId, t.position),
    index("consequence_plan_task_body_idx").on(t.responsibleBodyId),
  ],
);

/** Each approved version of a plan: its number, the decision, and the content as approved. */
export const planVersion = pgTable(
  "consequence_plan_version",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => plan.id),
    versionNo: integer("version_no").notNull(),
    decisionId: uuid("decision_id").notNull(),
    decisionNumber: text("decision_number").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull(),
    /** The account that approved it (versions approved before it was kept have none). */
    byUser: uuid("by_user"),
    byName: text("by_name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.versionNo] })],
);

/** An activation of one or more plans by an HQ or the commission (R21): the tasks go live. */
export const activation = pgTable(
  "consequence_activation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    status: text("status").notNull().default("active"),
    activatorBodyId: uuid("activator_body_id").notNull().references(registryKeys.body),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    /** The operation (R17) or report (R16) it answers; ids of other modules' records (no key). */
    operationId: uuid("operation_id"),
    operationNumber: text("operation_number"),
    incidentId: uuid("incident_id"),
    incidentNumber: text("incident_number"),
    plans: jsonb("plans")
      .$type<{ id: string; title: string; versionNo: number; approved: boolean }[]>()
      .notNull(),
    note: text("note").notNull().default(""),
    activatedAt: timestamp("activated_at", { withTimezone: true }).notNull(),
    activatedBy: uuid("activated_by").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("consequence_activation_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("consequence_activation_activator_idx").on(t.activatorBodyId),
    index("consequence_activation_operation_idx").on(t.operationId),
  ],
);

/** A live task: from a plan's task, or added on the spot. */
export const liveTask = pgTable(
  "consequence_task",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activation.id),
    planTaskId: uuid("plan_task_id"),
    position: integer("position").notNull(),
    mainTask: text("main_task").notNull(),
    activity: text("activity").notNull(),
    title: text("title").notNull(),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    normMinutes: integer("norm_minutes").notNull(),
    means: jsonb("means").$type<Means>().notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    status: text("status").notNull().default("assigned"),
    blockedReason: text("blocked_reason").notNull().default(""),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    /** When the overdue job escalated it (once). */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consequence_task_activation_idx").on(t.activationId, t.position),
    index("consequence_task_body_idx").on(t.bodyId, t.status),
    index("consequence_task_open_deadline_idx")
      .on(t.deadline)
      .where(sql`${t.status} <> 'done' and ${t.escalatedAt} is null`),
  ],
);

/** Every step of a live task. */
export const taskEvent = pgTable(
  "consequence_task_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => liveTask.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    reason: text("reason").notNull().default(""),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
  },
  (t) => [index("consequence_task_event_task_idx").on(t.taskId, t.id)],
);

/** A request for forces and means between the activating side and a force (operation forces' states). */
export const resourceRequest = pgTable(
  "consequence_request",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activation.id),
    bodyId: uuid("body_id").notNull().references(registryKeys.body),
    means: text("means").notNull(),
    status: text("status").notNull().default("requested"),
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
  (t) => [
    index("consequence_request_activation_idx").on(t.activationId),
    index("consequence_request_body_idx").on(t.bodyId),
  ],
);

/** An object damaged by the act (R20.4, R21.4): the assessment, restoration tasks, cost, done date. */
export const damagedObject = pgTable(
  "consequence_damaged_object",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activation.id),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    /** A vulnerable object of the registry (another module's; no key). */
    objectId: uuid("object_id"),
    damage: text("damage").notNull(),
    assessment: text("assessment").notNull().default(""),
    restoration: jsonb("restoration").$type<{ title: string; done: boolean }[]>().notNull(),
    costTenge: bigint("cost_tenge", { mode: "number" }),
    doneOn: date("done_on"),
    recordedBy: text("recorded_by").notNull(),
    /** The account that recorded it (records made before it was kept have none). */
    recordedById: uuid("recorded_by_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("consequence_damaged_object_activation_idx").on(t.activationId)],
);

/** An environmental safety check (R20.4) with its result. */
export const envCheck = pgTable(
  "consequence_env_check",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activation.id),
    damagedObjectId: uuid("damaged_object_id").references(() => damagedObject.id),
    kind: text("kind").notNull(),
    place: text("place").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
    result: text("result").notNull(),
    findings: text("findings").notNull().default(""),
    bodyId: uuid("body_id").references(registryKeys.body),
    recordedBy: text("recorded_by").notNull(),
    /** The account that recorded it (checks made before it was kept have none). */
    recordedById: uuid("recorded_by_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consequence_env_check_activation_idx").on(t.activationId, t.checkedAt),
    index("consequence_env_check_object_idx").on(t.damagedObjectId),
    index("consequence_env_check_body_idx").on(t.bodyId),
  ],
);

/**
 * A public statement to limit the act's moral-psychological effect (R21.3), in kk/ru/en: drafted by
 * one person, approved by another, published on the public page while approved.
 */
export const publicStatement = pgTable(
  "consequence_statement",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activation.id),
    territoryCode: text("territory_code").notNull().references(registryKeys.territory),
    territoryPath: text("territory_path").notNull(),
    textKk: text("text_kk").notNull(),
    textRu: text("text_ru").notNull(),
    textEn: text("text_en").notNull().default(""),
    status: text("status").notNull().default("draft"),
    authorId: uuid("author_id").notNull(),
    authorName: text("author_name").notNull(),
    /** The body in whose name it is made (the author's grant). */
    authorBodyId: uuid("author_body_id").notNull().references(registryKeys.body),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    approvedBy: uuid("approved_by"),
    approvedByName: text("approved_by_name"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("consequence_statement_activation_idx").on(t.activationId),
    index("consequence_statement_body_idx").on(t.authorBodyId),
    index("consequence_statement_published_idx").on(t.approvedAt).where(sql`${t.status} = 'approved'`),
  ],
);
