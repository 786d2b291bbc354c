import { z } from "zod";
import {
  assignmentActions,
  assignmentSources,
  assignmentStatuses,
  audienceGroups,
  exerciseKinds,
  exerciseSettings,
  exerciseStatuses,
  indicatorKinds,
  measureCategories,
  measureOutcomes,
  meetingStatuses,
  notificationKinds,
  periodicities,
  planStatuses,
  propagandaGoals,
  reportingStates,
} from "../prevention";
import {
  limitQuery,
  localeSchema,
  names,
  offsetQuery,
  requiredText,
  shortText,
  territoryCode,
  text,
  uuid,
  version,
} from "./common";
import { personView } from "./people";

export const createPlanBody = z.object({
  bodyId: uuid,
  year: z.number().int().min(2000).max(2100),
  /** Copy the measures of the same body's plan of this year (e.g. last year's). */
  copyFromYear: z.number().int().min(2000).max(2100).optional(),
});

export const measureBody = z.object({
  category: z.enum(measureCategories),
  subtype: text(60, { min: 1, trim: false }),
  title: text(1000, { min: 1 }),
  responsibleBodyId: uuid,
  coExecutorIds: z.array(uuid).max(50).default([]),
  partnerIds: z.array(uuid).max(50).default([]),
  deadline: z.iso.date().nullable().optional(),
  periodicity: z.enum(periodicities).default("once"),
  indicators: z.partialRecord(z.enum(indicatorKinds), z.number().int().min(0).max(100_000_000)).default({}),
  goals: z.array(z.enum(propagandaGoals)).max(5).default([]),
});
export type MeasureBody = z.infer<typeof measureBody>;
/** Amending a measure: the whole measure again, with the version it was read at. */
export const updateMeasureBody = measureBody.extend({ version });
export const removeMeasureQuery = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) });

export const approvePlanBody = z.object({ version, decisionRef: text(200, { min: 1 }) });

const ref = z.object({ id: z.string(), names });

export const measureView = z.object({
  id: z.string(),
  category: z.enum(measureCategories),
  subtype: z.string(),
  basis: z.string(),
  title: z.string(),
  responsibleBody: ref,
  coExecutorIds: z.array(z.string()),
  partnerIds: z.array(z.string()),
  /** The co-executors and R13 partners by name (the ids above, in their order). */
  coExecutors: z.array(ref),
  partners: z.array(ref),
  deadline: z.string().nullable(),
  periodicity: z.enum(periodicities),
  indicators: z.record(z.string(), z.number()),
  goals: z.array(z.enum(propagandaGoals)),
  status: z.string(),
  version: z.number(),
});

export const planView = z.object({
  id: z.string(),
  body: ref,
  year: z.number(),
  status: z.enum(planStatuses),
  decisionRef: z.string().nullable(),
  approvedAt: z.string().nullable(),
  version: z.number(),
  measureCount: z.number(),
});
export const planDetail = planView.extend({
  measures: z.array(measureView),
  canManage: z.boolean(),
  basis: z.array(z.string()),
});
export type PlanDetail = z.infer<typeof planDetail>;
export const planList = z.object({ items: z.array(planView) });
export const planListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/* ------------------------------------------- a plan's measures as XLSX: export and import */

export const planExportQuery = z.object({ lang: localeSchema.optional() });
/** An XLSX file in the layout of the export (docs/plan-xlsx.md), base64 as in assignment reports. */
export const planImportBody = z.object({
  filename: shortText(200).default(""),
  /** Base64 content; the decoded file may have at most PLAN_IMPORT_MAX_BYTES (checked by the service). */
  contentBase64: text(4_000_000, { min: 1, trim: false }).regex(/^[A-Za-z0-9+/=\s]*$/),
});
export const planImportQuery = z.object({
  /** "true": validate and report, write nothing. */
  dryRun: z.enum(["true", "false"]).optional(),
});
export const planImportReport = z.object({
  dryRun: z.boolean(),
  /** Data rows read (blank rows are skipped). */
  total: z.number(),
  /** Measures added; in a dry run, the number of rows that would be added. */
  imported: z.number(),
  /** Each problem of each rejected row: its row number in the sheet, the column key, a localised message. */
  rejected: z.array(z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string() })),
});
export type PlanImportReport = z.infer<typeof planImportReport>;

/* ------------------------------------------------------------ meetings, decisions, assignments (R5) */

const agendaItem = z.object({
  title: requiredText(1000),
  speakers: z
    .array(z.object({ name: requiredText(200), bodyId: uuid.nullable().default(null) }))
    .max(20)
    .default([]),
});
const attendanceEntry = z.object({
  bodyId: uuid,
  representative: shortText(200).default(""),
  present: z.boolean(),
});
/** A date-time with offset, e.g. "2026-12-01T10:00:00+05:00". */
const instant = z.iso.datetime({ offset: true });

export const createMeetingBody = z.object({
  bodyId: uuid,
  heldAt: instant,
  place: shortText(300).default(""),
  chairName: shortText(200).default(""),
  agenda: z.array(agendaItem).max(50).default([]),
});
export const updateMeetingBody = z.object({
  version,
  heldAt: instant.optional(),
  place: shortText(300).optional(),
  chairName: shortText(200).optional(),
  agenda: z.array(agendaItem).max(50).optional(),
  attendance: z.array(attendanceEntry).max(200).optional(),
});
export const decisionBody = z.object({
  agendaIndex: z.number().int().min(0).max(49).default(0),
  text: requiredText(4000),
  executorIds: z.array(uuid).max(30).default([]),
  coExecutorIds: z.array(uuid).max(30).default([]),
  controllerBodyId: uuid.nullable().default(null),
  deadline: z.iso.date().nullable().default(null),
});
export type DecisionBody = z.infer<typeof decisionBody>;
export const signProtocolBody = z.object({ version });

const refOpt = ref.nullable();
export const decisionView = z.object({
  id: z.string(),
  position: z.number(),
  agendaIndex: z.number(),
  /** "2.1": the agenda item and the decision's order under it (R5 protocol numbering). */
  number: z.string(),
  text: z.string(),
  executors: z.array(ref),
  coExecutors: z.array(ref),
  controller: refOpt,
  deadline: z.string().nullable(),
});
export const meetingView = z.object({
  id: z.string(),
  body: ref,
  heldAt: z.string(),
  place: z.string(),
  chairName: z.string(),
  status: z.enum(meetingStatuses),
  protocolNumber: z.number().nullable(),
  signedAt: z.string().nullable(),
  version: z.number(),
  decisionCount: z.number(),
});
export const assignmentEventView = z.object({
  at: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string(),
  /** The person behind the step (full name and body), when it was a person's account. */
  actor: personView.nullable(),
  comment: z.string(),
  /**
   * What the step recorded: a report's figures and legal act, a requested or granted deadline
   * (from → to), the body an assignment was escalated to (to), its source (meetingId, exerciseId)…
   * Older or other keys pass as they are.
   */
  data: z
    .looseObject({
      figures: z.record(z.string(), z.number()).optional(),
      actNumber: z.string().optional(),
      actDate: z.string().nullable().optional(),
      requestedDeadline: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
    })
    .nullable(),
});
export const assignmentView = z.object({
  id: z.string(),
  number: z.string(),
  source: z.enum(assignmentSources),
  title: z.string(),
  owner: ref,
  executor: ref,
  coExecutors: z.array(ref),
  controller: ref,
  deadline: z.string(),
  originalDeadline: z.string(),
  status: z.enum(assignmentStatuses),
  overdue: z.boolean(),
  escalatedTo: refOpt,
  meetingId: z.string().nullable(),
  version: z.number(),
});
export const meetingDetail = meetingView.extend({
  agenda: z.array(agendaItem),
  attendance: z.array(attendanceEntry.extend({ names }).required()),
  /** Member bodies of the commission (R5), for attendance and for choosing executors. */
  members: z.array(ref.extend({ role: z.string() })),
  decisions: z.array(decisionView),
  assignments: z.array(assignmentView),
  canManage: z.boolean(),
  basis: z.array(z.string()),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;
export const meetingList = z.object({ items: z.array(meetingView) });
export const meetingListQuery = z.object({
  bodyId: uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const attachmentUpload = z.object({
  filename: requiredText(200).refine((v) => !/[\\/]/.test(v), { params: { code: "filename" } }),
  mime: text(100, { trim: false }).regex(/^[\w.+-]+\/[\w.+-]+$/),
  /** Base64 content, at most 2 MiB decoded. */
  contentBase64: text(2_800_000, { trim: false }).regex(/^[A-Za-z0-9+/=\s]*$/),
});

export const assignmentActionBody = z
  .object({
    action: z.enum(assignmentActions),
    version,
    comment: shortText(4000).default(""),
    /** report: figures against the indicators. */
    figures: z.partialRecord(z.enum(indicatorKinds), z.number().int().min(0).max(100_000_000)).default({}),
    /** report (R5): the number and date of the body's own legal act implementing it, when there is one. */
    actNumber: shortText(100).default(""),
    actDate: z.iso.date().nullable().default(null),
    attachments: z.array(attachmentUpload).max(5).default([]),
    /** request_extension: the deadline asked for. */
    newDeadline: z.iso.date().nullable().default(null),
  })
  .refine((b) => b.action !== "report" || b.comment.length > 0, {
    path: ["comment"],
    params: { code: "required" },
  })
  .refine((b) => !["return", "refuse_extension"].includes(b.action) || b.comment.length > 0, {
    path: ["comment"],
    params: { code: "reason_required" },
  })
  .refine((b) => b.action !== "request_extension" || b.newDeadline !== null, {
    path: ["newDeadline"],
    params: { code: "required" },
  });
export type AssignmentActionBody = z.infer<typeof assignmentActionBody>;

export const assignmentDetail = assignmentView.extend({
  history: z.array(assignmentEventView),
  files: z.array(z.object({ id: z.string(), filename: z.string(), mime: z.string(), size: z.number() })),
  /** What this user may do now (the state machine intersected with the policy). */
  allowedActions: z.array(z.enum(assignmentActions)),
  basis: z.array(z.string()),
});
export type AssignmentDetail = z.infer<typeof assignmentDetail>;
export const assignmentListQuery = z.object({
  /** mine: assigned to my bodies; control: I control; all: everything I may read. */
  scope: z.enum(["mine", "control", "all"]).default("all"),
  status: z.enum([...assignmentStatuses, "open", "overdue"]).optional(),
  bodyId: uuid.optional(),
  limit: limitQuery,
  offset: offsetQuery,
});
export const assignmentList = z.object({ items: z.array(assignmentView), total: z.number() });

export const disciplineQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  /** The commission whose assignments are counted; default: everything readable. */
  ownerBodyId: uuid.optional(),
});
export const disciplineView = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      body: ref,
      assigned: z.number(),
      onTime: z.number(),
      late: z.number(),
      overdue: z.number(),
      open: z.number(),
    }),
  ),
});

export const notificationView = z.object({
  id: z.number(),
  kind: z.enum(notificationKinds),
  entityType: z.string(),
  entityId: z.string(),
  data: z.record(z.string(), z.string()),
  createdAt: z.string(),
  read: z.boolean(),
});
export const notificationList = z.object({ items: z.array(notificationView), unread: z.number() });

/* ------------------------------------------------ quarterly execution reports and roll-up */

const figures = z.partialRecord(z.enum(indicatorKinds), z.number().int().min(0).max(100_000_000));
const quarter = z.number().int().min(1).max(4);

export const measureReportBody = z.object({
  year: z.number().int().min(2000).max(2100),
  quarter,
  outcome: z.enum(measureOutcomes),
  figures: figures.default({}),
  text: shortText(4000).default(""),
});
export type MeasureReportBody = z.infer<typeof measureReportBody>;
export const measureReportView = z.object({
  id: z.string(),
  measureId: z.string(),
  year: z.number(),
  quarter: z.number(),
  outcome: z.enum(measureOutcomes),
  figures: z.record(z.string(), z.number()),
  text: z.string(),
  reportedAt: z.string(),
  reportedBy: z.string(),
  version: z.number(),
});
export const measureReportList = z.object({ items: z.array(measureReportView) });

export const dashboardQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  territory: territoryCode.optional(),
});
const counts = { expected: z.number(), done: z.number(), partial: z.number(), rate: z.number().nullable() };
const unit = z.object({ code: z.string(), names, path: z.string() });
export const dashboardView = z.object({
  year: z.number(),
  quarter: z.number(),
  territory: unit,
  parent: unit.nullable(),
  totals: z.object({ ...counts, notDone: z.number() }),
  byCategory: z.array(z.object({ category: z.enum(measureCategories), ...counts })),
  bySubtype: z.array(
    z.object({ category: z.enum(measureCategories), subtype: z.string(), basis: z.string(), ...counts }),
  ),
  byTerritory: z.array(
    unit.extend({
      ...counts,
      commissions: z.number(),
      onTime: z.number(),
      late: z.number(),
      missing: z.number(),
    }),
  ),
  trend: z.array(z.object({ quarter: z.number(), ...counts })),
  commissions: z.array(
    z.object({
      body: ref,
      territoryPath: z.string(),
      planId: z.string().nullable(),
      state: z.enum(reportingStates),
      firstReportedAt: z.string().nullable(),
    }),
  ),
  overdueByBody: z.array(z.object({ body: ref, overdue: z.number() })),
  basis: z.array(z.string()),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const dashboardRecordsQuery = dashboardQuery.extend({
  category: z.enum(measureCategories).optional(),
  subtype: text(60, { trim: false }).optional(),
  /** reported outcomes, or "missing": due in the quarter and not reported. */
  outcome: z.enum([...measureOutcomes, "missing"]).optional(),
  limit: limitQuery,
  offset: offsetQuery,
});
export const dashboardRecords = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      measureId: z.string(),
      planId: z.string(),
      commission: ref,
      category: z.enum(measureCategories),
      subtype: z.string(),
      title: z.string(),
      responsibleBody: ref,
      outcome: z.enum([...measureOutcomes, "missing"]),
      reportedAt: z.string().nullable(),
    }),
  ),
});

/* ---------------------------------------------------- exercises and trainings (R10.2, R10.3) */

export const createExerciseBody = z
  .object({
    bodyId: uuid,
    kind: z.enum(exerciseKinds),
    title: requiredText(500),
    scenario: shortText(4000).default(""),
    place: shortText(300).default(""),
    setting: z.enum(exerciseSettings).nullable().default(null),
    audience: z.enum(audienceGroups).nullable().default(null),
    audienceDetail: shortText(300).default(""),
    date: z.iso.date(),
    participantBodyIds: z.array(uuid).max(50).default([]),
    plannedParticipants: z.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((b) => b.kind === "training" || b.setting !== null, {
    path: ["setting"],
    params: { code: "required" },
  })
  .refine((b) => b.kind !== "training" || b.audience !== null, {
    path: ["audience"],
    params: { code: "required" },
  });
export type CreateExerciseBody = z.infer<typeof createExerciseBody>;

export const exerciseResultBody = z.object({
  version,
  /** held: the results are recorded; cancelled: it did not take place (give the reason in results). */
  status: z.enum(["held", "cancelled"]),
  actualParticipants: z.number().int().min(0).max(1_000_000).nullable().default(null),
  results: requiredText(8000),
  findings: z
    .array(z.object({ text: requiredText(2000), executorBodyId: uuid, deadline: z.iso.date() }))
    .max(50)
    .default([]),
});
export type ExerciseResultBody = z.infer<typeof exerciseResultBody>;

export const exerciseView = z.object({
  id: z.string(),
  owner: ref,
  kind: z.enum(exerciseKinds),
  basis: z.string(),
  title: z.string(),
  scenario: z.string(),
  place: z.string(),
  setting: z.enum(exerciseSettings).nullable(),
  audience: z.enum(audienceGroups).nullable(),
  audienceDetail: z.string(),
  date: z.string(),
  participants: z.array(ref),
  plannedParticipants: z.number(),
  status: z.enum(exerciseStatuses),
  actualParticipants: z.number().nullable(),
  results: z.string(),
  findings: z.array(
    z.object({ text: z.string(), executor: ref, deadline: z.string(), assignmentId: z.string().nullable() }),
  ),
  canManage: z.boolean(),
  version: z.number(),
});
export type ExerciseView = z.infer<typeof exerciseView>;
export const exerciseList = z.object({ items: z.array(exerciseView) });
export const exerciseListQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(exerciseKinds).optional(),
});
