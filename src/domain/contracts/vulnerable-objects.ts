/** Contracts of the registry of vulnerable objects (R10.5; Law art. 10-1–10-3): objects, passports, lists, inspections, programmes. */
import { z } from "zod";
import { exerciseKinds, exerciseStatuses } from "../prevention";
import {
  equipmentKinds,
  inspectionKinds,
  inspectorKinds,
  listChanges,
  objectActions,
  passportActions,
  passportStates,
  passportStatuses,
} from "../vulnerable-objects";
import {
  binSchema,
  emailSchema,
  localeSchema,
  names,
  phoneSchema,
  requiredText,
  territoryCode,
  text,
  uuid,
  version,
} from "./common";
import { personView } from "./people";

/**
 * An object as another record names it (a report, a consequence plan): names, the catalogue's category
 * key, its territory. Sent only to a reader who may see the object (the list is restricted).
 */
export const namedObjectRef = z.object({
  id: z.string(),
  nameKk: z.string(),
  nameRu: z.string(),
  category: z.string(),
  territoryCode: z.string(),
});
export type NamedObjectRef = z.infer<typeof namedObjectRef>;

const day = z.iso.date();
const count = z.number().int().min(0).max(10_000_000);
const catKey = text(60, { min: 1 }).regex(/^[a-z0-9_]+$/);
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

/** The owner: an organisation already in the registry, or one registered on the fly by its BIN. */
export const ownerInput = z
  .object({
    bodyId: uuid.optional(),
    bin: binSchema.optional(),
    nameKk: text(300).optional(),
    nameRu: text(300).optional(),
  })
  // One object, not a union: a wrong BIN or name is reported at its own field (owner.bin …).
  .superRefine((o, ctx) => {
    if (o.bodyId) return;
    for (const key of ["bin", "nameKk", "nameRu"] as const)
      if (!o[key]?.trim()) ctx.addIssue({ code: "custom", path: [key], params: { code: "required" } });
  })
  .transform((o): { bodyId: string } | { bin: string; nameKk: string; nameRu: string } =>
    o.bodyId ? { bodyId: o.bodyId } : { bin: o.bin ?? "", nameKk: o.nameKk ?? "", nameRu: o.nameRu ?? "" },
  );

export const objectBody = z.object({
  nameKk: requiredText(300),
  nameRu: requiredText(300),
  owner: ownerInput,
  /** Down to the settlement (KATO). */
  territoryCode,
  address: text(500).default(""),
  lat: lat.nullable().default(null),
  lon: lon.nullable().default(null),
  category: catKey,
  sector: text(200).default(""),
  attendance: count.default(0),
  staff: count.default(0),
  responsibleName: text(200).default(""),
  responsiblePhone: phoneSchema.default(""),
  responsibleEmail: emailSchema.default(""),
  /** The territorial police unit that agrees the passport; found by the territory when omitted. */
  policeBodyId: uuid.nullable().optional(),
});
export type ObjectBody = z.infer<typeof objectBody>;

export const updateObjectBody = objectBody.omit({ owner: true }).partial().extend({ version });
export type UpdateObjectBody = z.infer<typeof updateObjectBody>;

export const objectIdParam = z.object({ id: uuid });

export const objectListQuery = z.object({
  q: text(200).optional(),
  territory: territoryCode.optional(),
  category: catKey.optional(),
  passport: z.enum(passportStates).optional(),
  /** "true": only objects in the approved territorial list; "false": only those not in it. */
  listed: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The page after the one whose answer gave this `next` (keyset: by name, then id). */
  after: text(400)
    .regex(/^[ef]\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]*$/)
    .optional(),
});
export type ObjectListQuery = z.infer<typeof objectListQuery>;

const ref = z.object({ id: z.string(), names });
const territoryRef = z.object({ code: z.string(), names });

export const objectSummary = z.object({
  id: z.string(),
  nameKk: z.string(),
  nameRu: z.string(),
  owner: ref,
  territory: territoryRef,
  address: z.string(),
  category: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  listed: z.boolean(),
  passportState: z.enum(passportStates),
  /** Required equipment the newest passport does not record (empty without a passport: see passportState). */
  gaps: z.array(z.enum(equipmentKinds)),
});
export type ObjectSummary = z.infer<typeof objectSummary>;
export const objectList = z.object({
  items: z.array(objectSummary),
  /** How many match, counted up to 1,000 (a bounded count): with `totalExact` false there are more. */
  total: z.number(),
  totalExact: z.boolean(),
  /** `after` for the next page; null on the last. */
  next: z.string().nullable(),
  /** "create" when the user may register objects somewhere. */
  canCreate: z.boolean(),
});

export const passportSummary = z.object({
  id: z.string(),
  number: z.number(),
  status: z.enum(passportStatuses),
  validUntil: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  remarks: z.string(),
});

export const listHistoryEntry = z.object({
  versionId: z.string(),
  versionNumber: z.number(),
  change: z.enum(listChanges),
  grounds: z.string(),
  decisionNumber: z.string(),
  approvedAt: z.string(),
});

export const objectDetail = objectSummary.extend({
  sector: z.string(),
  attendance: z.number(),
  staff: z.number(),
  responsibleName: z.string(),
  responsiblePhone: z.string(),
  responsibleEmail: z.string(),
  police: ref.nullable(),
  /** The newest passport's status and dates (not its contents: those need their own permission). */
  passport: passportSummary.nullable(),
  required: z.array(z.enum(equipmentKinds)),
  listHistory: z.array(listHistoryEntry),
  version: z.number(),
  allowedActions: z.array(z.enum(objectActions)),
  basis: z.array(z.string()),
});
export type ObjectDetail = z.infer<typeof objectDetail>;

/* ------------------------------------------------------------------------------------ passport */

export const equipmentState = z.object({
  present: z.boolean().default(false),
  count: count.optional(),
  /** For the alarm: where its signal goes (its outputs); for others, what is installed. */
  note: text(1000).default(""),
});
export const passportSections = z.object({
  general: z
    .object({
      description: text(4000).default(""),
      workingHours: text(300).default(""),
      area: text(200).default(""),
    })
    .default({ description: "", workingHours: "", area: "" }),
  people: z
    .object({ staff: count.default(0), visitorsPerDay: count.default(0), maxSimultaneous: count.default(0) })
    .default({ staff: 0, visitorsPerDay: 0, maxSimultaneous: 0 }),
  criticalZones: z
    .array(z.object({ name: requiredText(300), description: text(2000).default("") }))
    .max(100)
    .default([]),
  guard: z
    .object({
      organisation: text(300).default(""),
      posts: count.default(0),
      accessRegime: text(4000).default(""),
    })
    .default({ organisation: "", posts: 0, accessRegime: "" }),
  engineering: z.partialRecord(z.enum(equipmentKinds), equipmentState).default({}),
  evacuation: z
    .object({ exits: count.default(0), plan: text(4000).default(""), assemblyPoint: text(300).default("") })
    .default({ exits: 0, plan: "", assemblyPoint: "" }),
  contacts: z
    .array(z.object({ role: requiredText(200), name: requiredText(200), phone: phoneSchema.default("") }))
    .max(50)
    .default([]),
});
export type PassportSections = z.infer<typeof passportSections>;

export const passportSaveBody = z.object({
  sections: passportSections,
  /** The version of the draft being edited; omitted to start a new version. */
  version: version.optional(),
});
export const passportActionBody = z.object({
  action: z.enum(passportActions),
  remarks: text(4000).default(""),
  version,
});
export const scanBody = z.object({
  filename: requiredText(200),
  contentBase64: text(14_000_000, { min: 1, trim: false }).regex(/^[A-Za-z0-9+/=\s]*$/),
  version,
});

export const passportView = passportSummary.extend({
  objectId: z.string(),
  category: z.string().nullable(),
  sections: passportSections,
  scan: z.object({ filename: z.string(), mime: z.string(), size: z.number() }).nullable(),
  gaps: z.array(z.enum(equipmentKinds)),
  version: z.number(),
  allowedActions: z.array(z.enum(["save", "submit", "agree", "return", "attachScan", "revise"])),
  history: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      actorName: z.string(),
      /** Who took the step: full name and body (null for the seed or an account that no longer resolves). */
      actor: personView.nullable(),
      comment: z.string(),
    }),
  ),
});
export type PassportView = z.infer<typeof passportView>;
export const passportVersions = z.object({ items: z.array(passportSummary) });

/* ---------------------------------------------------------------------------- the territorial list */

export const listVersionBody = z.object({
  territoryCode,
  /** The commission's protocol decision that approves the change (R5; a signed protocol's decision). */
  decisionId: uuid,
  add: z.array(uuid).max(5000).default([]),
  remove: z
    .array(z.object({ objectId: uuid, grounds: requiredText(1000) }))
    .max(5000)
    .default([]),
  grounds: text(2000).default(""),
});
export const listVersionView = z.object({
  id: z.string(),
  number: z.number(),
  territory: territoryRef,
  decisionId: z.string(),
  decisionNumber: z.string(),
  approvedAt: z.string(),
  grounds: z.string(),
  added: z.number(),
  removed: z.number(),
});
export const listVersions = z.object({
  items: z.array(listVersionView),
  /** The commission (the ATC at the root) whose protocol decisions approve this territory's list. */
  commission: ref.nullable(),
  /** The reader may approve a new version of this territory's list. */
  canApprove: z.boolean(),
});
export const territoryQuery = z.object({ territory: territoryCode });

/* ------------------------------------------------------------------------------- import / export */

export const objectImportBody = z.object({
  territoryCode,
  contentBase64: text(6_000_000, { min: 1, trim: false }).regex(/^[A-Za-z0-9+/=\s]*$/),
});
/** "true": check every row in full and write nothing (a boolean coerced from text would take "false" for true). */
export const objectImportQuery = z.object({ dryRun: z.enum(["true", "false"]).default("false") });
export const objectImportReport = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  imported: z.number(),
  rejected: z.array(z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string() })),
});
export type ObjectImportReport = z.infer<typeof objectImportReport>;
export const objectExportQuery = objectListQuery
  .omit({ limit: true, after: true })
  .extend({ lang: localeSchema.default("kk") });

/* ---------------------------------------------------------------------------------- inspections */

export const inspectionBody = z.object({
  kind: z.enum(inspectionKinds),
  inspectorKind: z.enum(inspectorKinds),
  date: day,
  summary: text(4000).default(""),
  /** Each finding becomes an order to the owner under control (R5's assignment mechanism). */
  findings: z
    .array(z.object({ text: requiredText(2000), deadline: day }))
    .max(50)
    .default([]),
});
export const inspectionView = z.object({
  id: z.string(),
  objectId: z.string(),
  kind: z.enum(inspectionKinds),
  inspectorKind: z.enum(inspectorKinds),
  inspector: ref,
  date: z.string(),
  summary: z.string(),
  findings: z.array(
    z.object({
      text: z.string(),
      deadline: z.string(),
      assignmentId: z.string().nullable(),
      number: z.string().nullable(),
      status: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  createdAt: z.string(),
});
export const inspectionList = z.object({ items: z.array(inspectionView) });

/* -------------------------------------------------------------------------------------- drills */

/** A drill at the object: a link to an exercise of the commissions (R10.3), read through prevention. */
export const drillBody = z.object({ exerciseId: uuid });
export const drillParam = z.object({ id: uuid, exerciseId: uuid });
export const drillCandidatesQuery = z.object({ q: text(200).optional() });
export const exerciseRef = z.object({
  id: z.string(),
  kind: z.enum(exerciseKinds),
  title: z.string(),
  place: z.string(),
  date: z.string(),
  status: z.enum(exerciseStatuses),
});
export const drillList = z.object({
  items: z.array(exerciseRef.extend({ linkedAt: z.string() })),
  /** The reader may link and unlink drills. */
  canLink: z.boolean(),
});
export const drillCandidates = z.object({ items: z.array(exerciseRef) });

/* ---------------------------------------------------------------------------------- programmes */

export const programmeBody = z.object({
  territoryCode,
  year: z.number().int().min(2000).max(2100),
  title: requiredText(500),
  /** Tenge. */
  budget: z.number().int().min(0).max(1_000_000_000_000),
  decisionId: uuid.nullable().default(null),
});
export const programmeItemBody = z.object({
  objectId: uuid,
  equipment: z.enum(equipmentKinds),
  planned: z.number().int().min(0).max(1_000_000_000_000),
});
export const programmeItemUpdate = z.object({
  spent: z.number().int().min(0).max(1_000_000_000_000),
  done: z.boolean(),
});
export const programmeItemParam = z.object({ id: uuid, itemId: uuid });
export const programmeView = z.object({
  id: z.string(),
  owner: ref,
  territory: territoryRef,
  year: z.number(),
  title: z.string(),
  budget: z.number(),
  decisionNumber: z.string().nullable(),
  planned: z.number(),
  spent: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      object: z.object({ id: z.string(), nameKk: z.string(), nameRu: z.string() }),
      equipment: z.enum(equipmentKinds),
      planned: z.number(),
      spent: z.number(),
      done: z.boolean(),
    }),
  ),
  canManage: z.boolean(),
});
export const programmeList = z.object({
  items: z.array(programmeView.omit({ items: true })),
  /** The reader may create programmes for some territory. */
  canCreate: z.boolean(),
});
export const programmeQuery = z.object({
  territory: territoryCode.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/* ----------------------------------------------------------------------------------- compliance */

export const complianceQuery = z.object({
  territory: territoryCode.optional(),
  lang: localeSchema.default("kk"),
});
export const complianceRow = z.object({
  territory: territoryRef,
  objects: z.number(),
  validPassports: z.number(),
  /** Share of objects with a valid passport, 0–1 (null: no objects). */
  validShare: z.number().nullable(),
  openGaps: z.number(),
  overdueOrders: z.number(),
  programmePlanned: z.number(),
  programmeSpent: z.number(),
  itemsPlanned: z.number(),
  itemsDone: z.number(),
});
export const complianceView = z.object({
  territory: territoryRef,
  total: complianceRow,
  rows: z.array(complianceRow),
});

/* --------------------------------------------------------------------------------- the map layer */

/** `bbox` = "west,south,east,north" in degrees; `territory` narrows to a subtree. */
export const objectMapQuery = z.object({
  bbox: text(100)
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/)
    .optional(),
  territory: territoryCode.optional(),
  /** Above this many points in view the answer is clustered on a grid. */
  maxPoints: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const objectMapLayer = z.object({
  total: z.number(),
  clustered: z.boolean(),
  points: z.array(
    z.object({ id: z.string(), category: z.string(), names, lat: z.number(), lon: z.number() }),
  ),
  clusters: z.array(z.object({ lat: z.number(), lon: z.number(), count: z.number() })),
});
export type ObjectMapLayer = z.infer<typeof objectMapLayer>;

export const catalogueView = z.object({
  categories: z.array(
    z.object({
      key: z.string(),
      names,
      required: z.array(z.enum(equipmentKinds)),
      passportValidityYears: z.number(),
    }),
  ),
  equipment: z.array(z.enum(equipmentKinds)),
  basis: z.array(z.string()),
});
