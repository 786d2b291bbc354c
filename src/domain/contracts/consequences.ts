/**
 * Consequence contracts (the Rules, ch. 4: R20–R23): response forces' details, readiness and beds,
 * consequence plans with their forecast and tasks, activation into live tasks, resource requests,
 * the commission's read-only summary of incidents and operations.
 */
import { z } from "zod";
import { readinessLevels } from "../bodies";
import {
  activationStatuses,
  activityTypes,
  bedProfiles,
  damageLevels,
  envCheckKinds,
  envCheckResults,
  mainTasks,
  meansKinds,
  planStatuses,
  scenarios,
  statementActions,
  statementStatuses,
  taskActions,
  taskStatuses,
} from "../consequences";
import { forceStatuses } from "../operations";
import {
  localeSchema,
  names,
  phoneSchema,
  requiredText,
  shortText,
  territoryCode,
  text,
  uuid,
  version,
} from "./common";
import { forceMoveBody } from "./operations";
import { personView } from "./people";
import { namedObjectRef } from "./vulnerable-objects";

const ref = z.object({ id: z.string(), names });
const refOpt = ref.nullable();
const instant = z.iso.datetime({ offset: true });

/* ----------------------------------------------------------------------------- forces (R22, R23) */

export const meansItem = z.object({
  kind: z.enum(meansKinds),
  count: z.number().int().min(0).max(10_000),
  note: shortText(200).default(""),
});
export const dutyContact = z.object({
  name: requiredText(200),
  phone: phoneSchema,
  position: shortText(200).default(""),
});

export const forceDetailsBody = z.object({
  dutyContacts: z.array(dutyContact).max(10),
  /** The base point (WGS 84); both or neither. */
  lat: z.number().min(40).max(56).nullable(),
  lon: z.number().min(46).max(88).nullable(),
  personnel: z.number().int().min(0).max(100_000),
  means: z.array(meansItem).max(50),
  /** The commission or operational HQ it answers to. */
  answersToBodyId: uuid.nullable(),
});
export type ForceDetailsBody = z.infer<typeof forceDetailsBody>;

export const readinessBody = z.object({
  readiness: z.enum(readinessLevels),
  note: shortText(500).default(""),
});
export const bedsBody = z.object({
  beds: z
    .array(
      z.object({
        profile: z.enum(bedProfiles),
        total: z.number().int().min(0).max(100_000),
        free: z.number().int().min(0).max(100_000),
      }),
    )
    .min(1)
    .max(bedProfiles.length),
});
export type BedsBody = z.infer<typeof bedsBody>;

export const forcesQuery = z.object({ territory: territoryCode });
export const idParam = z.object({ id: uuid });

export const readinessStates = ["ready", "limited", "unavailable", "stale", "unknown"] as const;

export const bedView = z.object({
  profile: z.enum(bedProfiles),
  total: z.number(),
  free: z.number(),
  updatedAt: z.string(),
});

export const forceView = z.object({
  id: z.string(),
  names,
  subtype: z.string().nullable(),
  /** R22 or R23. */
  basis: z.string(),
  active: z.boolean(),
  territory: z.object({ code: z.string(), path: z.string() }),
  phone: z.string(),
  dutyContacts: z.array(z.object({ name: z.string(), phone: z.string(), position: z.string() })),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  personnel: z.number().nullable(),
  /** The registry's capacity (people) where no personnel count is kept. */
  capacity: z.number().nullable(),
  means: z.array(z.object({ kind: z.enum(meansKinds), count: z.number(), note: z.string() })),
  readiness: z.enum(readinessLevels).nullable(),
  readinessConfirmedAt: z.string().nullable(),
  readinessState: z.enum(readinessStates),
  answersTo: refOpt,
  beds: z.array(bedView),
  allowedActions: z.array(z.enum(["edit", "confirm_readiness", "update_beds"])),
});
export type ForceView = z.infer<typeof forceView>;

export const forceBoard = z.object({
  territory: z.object({ code: z.string(), path: z.string(), names }),
  staleHours: z.number(),
  counts: z.record(z.enum(readinessStates), z.number()),
  freeBeds: z.record(z.enum(bedProfiles), z.number()),
  items: z.array(forceView),
});

export const readinessHistory = z.object({
  items: z.array(
    z.object({
      readiness: z.enum(readinessLevels),
      note: z.string(),
      at: z.string(),
      byName: z.string(),
      /** Who confirmed it: full name and body (null for an entry with no account behind it). */
      by: personView.nullable(),
    }),
  ),
});

/* --------------------------------------------------------------------------------- plans (R21) */

const count = z.number().int().min(0).max(1_000_000);

export const forecastSchema = z.object({
  casualties: z.object({ severe: count, moderate: count, light: count }),
  /** Area affected, hectares. */
  areaHa: z.number().min(0).max(1_000_000),
  evacuate: count,
  hazards: z.array(requiredText(200)).max(20),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const planTaskInput = z.object({
  mainTask: z.enum(mainTasks),
  activity: z.enum(activityTypes),
  title: requiredText(500),
  responsibleBodyId: uuid.nullable(),
  /** Within this many minutes of the activation. */
  normMinutes: z.number().int().min(1).max(43_200),
  means: z.array(meansItem).max(20).default([]),
});
export type PlanTaskInput = z.infer<typeof planTaskInput>;

export const planContent = z.object({
  title: requiredText(300),
  scenario: z.enum(scenarios).nullable(),
  /** A vulnerable object the plan is made for: one its author may see, within the plan's territory. */
  objectId: uuid.nullable(),
  forecast: forecastSchema,
  reviewDate: z.iso.date().nullable(),
  tasks: z.array(planTaskInput).max(300),
});

export const createPlanBody = planContent.extend({ territory: territoryCode });
export type CreatePlanBody = z.infer<typeof createPlanBody>;
export const updatePlanBody = planContent.extend({ version });
export type UpdatePlanBody = z.infer<typeof updatePlanBody>;
export const copyPlanBody = z.object({
  territory: territoryCode.optional(),
  title: requiredText(300).optional(),
});
export const approvePlanBody = z.object({ decisionId: uuid, version });
export const planListQuery = z.object({
  territory: territoryCode.optional(),
  status: z.enum(planStatuses).optional(),
});
export const documentQuery = z.object({ lang: localeSchema.default("kk") });

export const planTaskView = planTaskInput.extend({
  id: z.string(),
  responsible: ref.extend({ kind: z.string(), subtype: z.string().nullable() }).nullable(),
  means: z.array(z.object({ kind: z.enum(meansKinds), count: z.number(), note: z.string() })),
});

export const planSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(planStatuses),
  scenario: z.enum(scenarios).nullable(),
  territory: z.object({ code: z.string(), path: z.string(), names }),
  owner: ref,
  versionNo: z.number(),
  reviewDate: z.string().nullable(),
  reviewDue: z.boolean(),
  taskCount: z.number(),
  approval: z.object({ decisionId: z.string(), number: z.string(), approvedAt: z.string() }).nullable(),
  version: z.number(),
});
export type PlanSummary = z.infer<typeof planSummary>;

export const planDetail = planSummary.extend({
  objectId: z.string().nullable(),
  /** The vulnerable object the plan is made for, when the reader may see it (the list is restricted). */
  object: namedObjectRef.nullable(),
  forecast: forecastSchema,
  tasks: z.array(planTaskView),
  copiedFrom: z.object({ id: z.string(), title: z.string() }).nullable(),
  versions: z.array(
    z.object({
      versionNo: z.number(),
      decisionNumber: z.string(),
      approvedAt: z.string(),
      byName: z.string(),
      /** Who approved it: full name and body (null for a version with no account behind it). */
      by: personView.nullable(),
    }),
  ),
  basis: z.array(z.string()),
  allowedActions: z.array(z.enum(["edit", "approve", "copy", "activate", "archive"])),
});
export type PlanDetail = z.infer<typeof planDetail>;

export const planList = z.object({
  items: z.array(planSummary),
  /** The territories where the reader may make a plan (KATO codes). */
  canCreateIn: z.array(z.string()),
});

export const checkGapView = z.object({
  code: z.string(),
  taskId: z.string().optional(),
  body: refOpt.optional(),
  needed: z.number().optional(),
  available: z.number().optional(),
  mainTask: z.enum(mainTasks).optional(),
});
export const planCheck = z.object({
  ok: z.boolean(),
  bedsNeeded: z.number(),
  freeBedsTerritory: z.number(),
  freeBedsRegion: z.number(),
  gaps: z.array(checkGapView),
});

/* ----------------------------------------------------------------------- activation and tasks */

export const activateBody = z.object({
  planIds: z.array(uuid).min(1).max(20),
  /** The operation (R17) or the report (R16) it answers. */
  operationId: uuid.nullable().default(null),
  incidentId: uuid.nullable().default(null),
  note: shortText(1000).default(""),
});
export type ActivateBody = z.infer<typeof activateBody>;

export const addTaskBody = planTaskInput.extend({ responsibleBodyId: uuid });
export type AddTaskBody = z.infer<typeof addTaskBody>;

export const taskActionBody = z.object({
  action: z.enum(taskActions),
  reason: text(1000).default(""),
  version,
});
export type TaskActionBody = z.infer<typeof taskActionBody>;

export const liveTask = z.object({
  id: z.string(),
  activationId: z.string(),
  activationNumber: z.string(),
  mainTask: z.enum(mainTasks),
  activity: z.enum(activityTypes),
  title: z.string(),
  body: ref.extend({ kind: z.string() }),
  normMinutes: z.number(),
  means: z.array(z.object({ kind: z.enum(meansKinds), count: z.number(), note: z.string() })),
  deadline: z.string(),
  status: z.enum(taskStatuses),
  overdue: z.boolean(),
  blockedReason: z.string(),
  fromPlan: z.boolean(),
  acceptedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  version: z.number(),
  allowedActions: z.array(z.enum(taskActions)),
});
export type LiveTask = z.infer<typeof liveTask>;

export const requestBody = z.object({ bodyId: uuid, means: requiredText(500) });
/** The operation forces' move (same states, same commitment). */
export const requestStatusBody = forceMoveBody;

export const resourceRequestView = z.object({
  id: z.string(),
  body: ref,
  means: z.string(),
  status: z.enum(forceStatuses),
  requestedAt: z.string(),
  committedAt: z.string().nullable(),
  commitNote: z.string(),
  eta: z.string().nullable(),
  enRouteAt: z.string().nullable(),
  onSiteAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  nextStatuses: z.array(z.enum(forceStatuses)),
  version: z.number(),
});

export const activationSummary = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(activationStatuses),
  activatedAt: z.string(),
  closedAt: z.string().nullable(),
  activator: ref,
  territory: z.object({ code: z.string(), path: z.string(), names }),
  operation: z.object({ id: z.string(), number: z.string() }).nullable(),
  incident: z.object({ id: z.string(), number: z.string() }).nullable(),
  plans: z.array(
    z.object({ id: z.string(), title: z.string(), versionNo: z.number(), approved: z.boolean() }),
  ),
  taskCount: z.number(),
  doneCount: z.number(),
  overdueCount: z.number(),
});
export type ActivationSummary = z.infer<typeof activationSummary>;

export const activationBoard = activationSummary.extend({
  note: z.string(),
  /** Whole board (the activating side and those over it) or only the reader's own tasks. */
  view: z.enum(["full", "own"]),
  tasks: z.array(liveTask),
  /** Tasks by R21 main task and status. */
  byMainTask: z.array(
    z.object({
      mainTask: z.enum(mainTasks),
      counts: z.record(z.enum(taskStatuses), z.number()),
      overdue: z.number(),
    }),
  ),
  requests: z.array(resourceRequestView),
  forcesOnSite: z.array(ref),
  /**
   * Casualties and hospital load: filled from the affected-people registry's anonymous statistics
   * when that module is connected; null until then.
   */
  casualties: z
    .object({ injured: z.number(), hospitalised: z.number(), deceased: z.number(), missing: z.number() })
    .nullable(),
  allowedActions: z.array(z.enum(["add_task", "request_resource", "close"])),
});
export type ActivationBoard = z.infer<typeof activationBoard>;

export const activationList = z.object({
  items: z.array(activationSummary),
  canActivate: z.boolean(),
});
export const myTasks = z.object({ items: z.array(liveTask) });

/* ------------------------------------------------------- commission's read-only summary (R5, R14) */

export const summaryQuery = z.object({ territory: territoryCode.optional() });
export const situationSummary = z.object({
  territories: z.array(z.object({ code: z.string(), names })),
  incidents: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      type: z.string(),
      status: z.string(),
      occurredAt: z.string(),
      receivedAt: z.string(),
      territory: z.object({ code: z.string(), names }),
    }),
  ),
  operations: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: z.string(),
      goals: z.array(z.string()),
      regimeStartedAt: z.string(),
      endedAt: z.string().nullable(),
      zone: z.array(z.object({ code: z.string(), names })),
    }),
  ),
  activations: z.array(activationSummary),
});

/* --------------------------------------------- restoring normal life (R20.4, R21.3, R21.4) */

export const restorationItem = z.object({ title: requiredText(300), done: z.boolean().default(false) });

export const damagedObjectBody = z.object({
  name: requiredText(300),
  address: shortText(300).default(""),
  /** A vulnerable object of the registry, when it is one. */
  objectId: uuid.nullable().default(null),
  damage: z.enum(damageLevels),
  /** The damage assessment: what is damaged and how. */
  assessment: text(4000).default(""),
  /** Restoration tasks, each done or not. */
  restoration: z.array(restorationItem).max(50).default([]),
  /** Cost of restoring, tenge. */
  costTenge: z.number().int().min(0).max(10_000_000_000_000).nullable().default(null),
  /** When it was restored (all its tasks done), Almaty date. */
  doneOn: z.iso.date().nullable().default(null),
});
export type DamagedObjectBody = z.infer<typeof damagedObjectBody>;
export const updateDamagedObjectBody = damagedObjectBody.extend({ version });
export type UpdateDamagedObjectBody = z.infer<typeof updateDamagedObjectBody>;

export const envCheckBody = z.object({
  kind: z.enum(envCheckKinds),
  place: requiredText(300),
  checkedAt: instant,
  result: z.enum(envCheckResults),
  findings: text(4000).default(""),
  damagedObjectId: uuid.nullable().default(null),
  /** The body that made the check (a laboratory, the sanitary service …). */
  bodyId: uuid.nullable().default(null),
});
export type EnvCheckBody = z.infer<typeof envCheckBody>;

export const statementBody = z.object({
  textKk: requiredText(4000),
  textRu: requiredText(4000),
  textEn: text(4000).default(""),
  /** Where it is published: the activation's territory or a unit in it (default: the activation's). */
  territory: territoryCode.optional(),
});
export type StatementBody = z.infer<typeof statementBody>;
export const statementActionBody = z.object({ action: z.enum(statementActions), version });
export type StatementActionBody = z.infer<typeof statementActionBody>;

export const damagedObjectView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  objectId: z.string().nullable(),
  damage: z.enum(damageLevels),
  assessment: z.string(),
  restoration: z.array(z.object({ title: z.string(), done: z.boolean() })),
  costTenge: z.number().nullable(),
  doneOn: z.string().nullable(),
  state: z.enum(["assessed", "restoring", "restored"]),
  recordedBy: z.string(),
  /** Who recorded it: full name and body (null for a record with no account behind it). */
  recorder: personView.nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export const envCheckView = z.object({
  id: z.string(),
  kind: z.enum(envCheckKinds),
  place: z.string(),
  checkedAt: z.string(),
  result: z.enum(envCheckResults),
  findings: z.string(),
  damagedObjectId: z.string().nullable(),
  body: refOpt,
  recordedBy: z.string(),
  /** Who recorded it: full name and body (null for a check with no account behind it). */
  recorder: personView.nullable(),
});
export const statementView = z.object({
  id: z.string(),
  text: z.object({ kk: z.string(), ru: z.string(), en: z.string() }),
  territory: z.object({ code: z.string(), names }),
  status: z.enum(statementStatuses),
  /** The author named as "Full name (Body)" when the account resolves; `name` is the name stored then. */
  author: z.object({ name: z.string(), body: ref, person: personView.nullable() }),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  /** Who approved it: full name and body. */
  approver: personView.nullable(),
  withdrawnAt: z.string().nullable(),
  version: z.number(),
  allowedActions: z.array(z.enum(statementActions)),
});
export const restorationView = z.object({
  activationId: z.string(),
  objects: z.array(damagedObjectView),
  checks: z.array(envCheckView),
  statements: z.array(statementView),
  totals: z.object({
    objects: z.number(),
    restored: z.number(),
    costTenge: z.number(),
    exceeded: z.number(),
  }),
  basis: z.array(z.string()),
  allowedActions: z.array(z.enum(["record"])),
});
export type RestorationView = z.infer<typeof restorationView>;

export const emptyBody = z.object({}).strict().optional();
export { instant };
