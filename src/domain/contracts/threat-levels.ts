/** Threat-level contracts (Decree No. 611; R6, R10.1, R21.3): declarations, changes, current levels. */
import { z } from "zod";
import { bodyKinds } from "../bodies";
import { closeReasons, taskStatuses } from "../threat-level-measures";
import { changeActions, declarationActions, declarationStatuses, threatLevels } from "../threat-levels";
import { localeSchema, names, requiredText, shortText, territoryCode, text, uuid } from "./common";
import { personView } from "./people";

export const threatLevelSchema = z.enum(threatLevels);
const instant = z.iso.datetime({ offset: true });

/** The public announcement: Kazakh and Russian required, English when given. */
export const announcementBody = z.object({
  kk: requiredText(3000),
  ru: requiredText(3000),
  en: text(3000).default(""),
});

export const declareThreatLevelBody = z.object({
  level: threatLevelSchema,
  /** Any mix of KATO units, "KZ" (the whole country) and "KZ-CASPIAN" (the maritime zone). */
  territories: z.array(territoryCode).min(1).max(100),
  /** Now when omitted. */
  startsAt: instant.optional(),
  /** null: until further notice. */
  endsAt: instant.nullable(),
  /** Why: restricted, never public. */
  grounds: requiredText(4000),
  announcement: announcementBody,
  /** The decision it rests on: a commission's or the ATC's protocol decision (free reference). */
  decisionRef: shortText(300).default(""),
});
export type DeclareThreatLevelBody = z.infer<typeof declareThreatLevelBody>;

/**
 * A change is a new decision referencing the one it changes: `level` for raise/lower, `endsAt` for
 * extend, `territories` (where the level is kept) for a partial lift; cancel needs neither.
 */
export const changeThreatLevelBody = z.object({
  action: z.enum(changeActions),
  level: threatLevelSchema.optional(),
  endsAt: instant.nullable().optional(),
  territories: z.array(territoryCode).min(1).max(100).optional(),
  grounds: requiredText(4000),
  announcement: announcementBody,
  decisionRef: shortText(300).default(""),
});
export type ChangeThreatLevelBody = z.infer<typeof changeThreatLevelBody>;

export const territoryRef = z.object({ code: z.string(), path: z.string(), names });

export const threatDeclaration = z.object({
  id: z.string(),
  number: z.string(),
  action: z.enum(declarationActions),
  level: threatLevelSchema.nullable(),
  status: z.enum(declarationStatuses),
  territories: z.array(territoryRef),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  /** When it stopped (or stops) being in force: its end, or the start of the change made to it. */
  effectiveEnd: z.string().nullable(),
  /** Present only for those who may read it. */
  grounds: z.string().optional(),
  announcement: z.object({ kk: z.string(), ru: z.string(), en: z.string() }),
  decisionRef: z.string(),
  supersedesId: z.string().nullable(),
  changedById: z.string().nullable(),
  declaredBy: z.object({ body: z.object({ id: z.string(), names }).nullable(), userName: z.string() }),
  createdAt: z.string(),
  allowedActions: z.array(z.enum(changeActions)),
});
export type ThreatDeclaration = z.infer<typeof threatDeclaration>;

export const threatDeclarationList = z.object({
  items: z.array(threatDeclaration),
  /** "declare" when the user may declare somewhere. */
  allowedActions: z.array(z.literal("declare")),
});

export const threatHistoryQuery = z.object({ territory: territoryCode });
export const threatExportQuery = z.object({ territory: territoryCode, lang: localeSchema.default("kk") });

/** The level in force at a territory, with the strongest anywhere in it ("in parts"). */
export const territoryLevel = z.object({
  territory: territoryRef,
  level: threatLevelSchema.nullable(),
  declarationId: z.string().nullable(),
  endsAt: z.string().nullable(),
  highestWithin: threatLevelSchema.nullable(),
});
export type TerritoryLevel = z.infer<typeof territoryLevel>;

export const myThreatLevels = z.object({ items: z.array(territoryLevel) });
export const currentThreatLevels = z.object({
  /** The republic, every region and city of republican significance, and the maritime zone. */
  items: z.array(territoryLevel),
  builtAt: z.string(),
});
export const threatIdParam = z.object({ id: uuid });

/** A body's measures under a decision, to be confirmed as received within 30 minutes. */
const measureNames = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
export const threatTask = z.object({
  id: z.string(),
  declarationId: z.string(),
  declarationNumber: z.string(),
  level: threatLevelSchema.nullable(),
  body: z.object({ id: z.string(), names, kind: z.string() }),
  /** The catalogue's measures as they stood when the task was made; names null: threatMeasure.<key>. */
  measures: z.array(
    z.object({
      key: z.string(),
      names: measureNames.nullable(),
      done: z
        .object({ at: z.string(), byName: z.string(), by: personView.nullable(), note: z.string() })
        .nullable(),
    }),
  ),
  dueAt: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  /** Who confirmed receipt: full name and body (null when the account no longer resolves). */
  confirmedBy: personView.nullable(),
  status: z.enum(taskStatuses),
  closedReason: z.enum(closeReasons).nullable(),
  /** Unconfirmed past due: the HQ told. */
  escalatedTo: z.object({ id: z.string(), names }).nullable(),
  /** What the reader may do: confirm receipt, report a measure done. */
  allowedActions: z.array(z.enum(["confirm", "report_done"])),
});
export type ThreatTask = z.infer<typeof threatTask>;
export const threatTaskBoard = z.object({
  total: z.number(),
  confirmed: z.number(),
  overdue: z.number(),
  closed: z.number(),
  items: z.array(threatTask),
});
/** "X of Y confirmed" by territory: the children of `parent` (the republic: regions; a region: its districts). */
export const threatBoardQuery = z.object({ parent: territoryCode.default("KZ") });
export const threatBoardCounts = z.object({
  total: z.number().int(),
  confirmed: z.number().int(),
  /** Unconfirmed and open: awaiting or overdue. */
  missing: z.number().int(),
  /** Unconfirmed past the due time, open. */
  overdue: z.number().int(),
  /** Unconfirmed, open, and passed to the territory's HQ. */
  escalated: z.number().int(),
  closed: z.number().int(),
  /** Every measure reported done, open. */
  done: z.number().int(),
});
export const threatBoardByTerritory = z.object({
  declarationId: z.string(),
  parent: territoryRef,
  /** One step up (the way back); null at the republic. */
  up: territoryRef.nullable(),
  totals: threatBoardCounts,
  /** One row per child territory with tasks; `own`: the bodies at the parent itself. */
  items: z.array(
    threatBoardCounts.extend({ territory: territoryRef, own: z.boolean(), drillable: z.boolean() }),
  ),
  /**
   * At the deepest level (a district or city, or a territory with no children holding tasks): the bodies
   * that have not confirmed yet, the earliest due first (at most 200); elsewhere empty.
   */
  listsMissing: z.boolean(),
  missingBodies: z.array(
    z.object({
      taskId: z.string(),
      body: z.object({ id: z.string(), names, kind: z.string() }),
      territory: z.object({ code: z.string(), names }),
      dueAt: z.string(),
      status: z.enum(["awaiting", "overdue"]),
      escalated: z.boolean(),
    }),
  ),
});
export type ThreatBoardByTerritory = z.infer<typeof threatBoardByTerritory>;
export const measureDoneBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/),
  note: text(2000).default(""),
});

/** The measures catalogue (configurable; empty in the database: the default). */
export const threatMeasureItem = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/),
  from: threatLevelSchema,
  kinds: z.array(z.enum(bodyKinds)).min(1).max(bodyKinds.length),
  basis: z.array(shortText(40)).min(1).max(10),
  /** Required for a measure the default does not have; absent: the default text for the key. */
  names: z
    .object({ kk: text(500), ru: text(500), en: text(500).default("") })
    .nullable()
    .default(null),
});
export type ThreatMeasureItem = z.infer<typeof threatMeasureItem>;
export const threatCatalogue = z.object({
  /** 0: the default catalogue (nothing changed yet). */
  version: z.number().int(),
  items: z.array(threatMeasureItem),
  canEdit: z.boolean(),
});
export const replaceThreatCatalogueBody = z.object({
  version: z.number().int().min(0),
  items: z.array(threatMeasureItem).min(1).max(200),
});
export const myThreatTasks = z.object({
  items: z.array(threatTask),
  /** For an HQ: bodies of its territory that did not confirm receipt in time. */
  escalated: z.array(threatTask),
});
export const emptyBody = z.object({});
