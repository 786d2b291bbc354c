/** Affected-people contracts (R20, R21.2, R21.5; Law No. 94-V): persons, entries, reconciliation, counts. */
import { z } from "zod";
import {
  compensationStages,
  decisionOutcomes,
  entryKinds,
  harmKinds,
  helpTypes,
  personRoles,
  personStatuses,
  rehabilitationStages,
  severities,
} from "../affected-people";
import {
  iin,
  localeSchema,
  names,
  phoneSchema,
  requiredText,
  shortText,
  text,
  uuid,
  version,
} from "./common";
import { personView } from "./people";

const instant = z.iso.datetime({ offset: true });
const birthDate = z.iso.date();
/** Tenge, whole. */
const tenge = z.number().int().min(0).max(1_000_000_000_000);

export const caseParam = z.object({ incidentId: uuid });
export const personParam = z.object({ id: uuid });

/** Who the person is. IIN when known (validated by its rule; a foreigner or an unidentified person has none). */
export const identityBody = z.object({
  role: z.enum(personRoles),
  iin: iin.optional(),
  surname: requiredText(100),
  givenName: requiredText(100),
  patronymic: shortText(100).default(""),
  birthDate: birthDate.optional(),
  phone: phoneSchema.default(""),
  address: shortText(300).default(""),
});

const entryBase = {
  /** When it happened (the date of the fact, not of the entry). */
  at: instant,
  /** The body that gave it (hospital, akimat, legal aid office, court …). */
  bodyId: uuid,
  /** Free text; medical details live here — encrypted at rest. */
  details: text(2000).default(""),
};

export const statusEntryBody = z.object({
  kind: z.literal("status"),
  status: z.enum(personStatuses),
  severity: z.enum(severities).optional(),
  /** Hospitalised: where (a health organisation of the registry). */
  hospitalBodyId: uuid.optional(),
  ...entryBase,
});
export const helpEntryBody = z.object({ kind: z.literal("help"), helpType: z.enum(helpTypes), ...entryBase });
export const rehabilitationEntryBody = z.object({
  kind: z.literal("rehabilitation"),
  stage: z.enum(rehabilitationStages),
  ...entryBase,
});
export const compensationEntryBody = z.object({
  kind: z.literal("compensation"),
  harm: z.enum(harmKinds),
  stage: z.enum(compensationStages),
  /** Claimed, awarded (when granted) or paid, in tenge. */
  amount: tenge.optional(),
  outcome: z.enum(decisionOutcomes).optional(),
  /** The claim's, decision's or payment order's number. */
  reference: shortText(200).default(""),
  ...entryBase,
});
export const entryBody = z.discriminatedUnion("kind", [
  statusEntryBody,
  helpEntryBody,
  rehabilitationEntryBody,
  compensationEntryBody,
]);
export type EntryBody = z.infer<typeof entryBody>;
export type StatusEntryBody = z.infer<typeof statusEntryBody>;

export const registerPersonBody = identityBody.extend({
  /** The activation of a consequence plan this person is recorded under, when there is one. */
  activationId: uuid.optional(),
  /** The first status (missing, injured, hospitalised …) with the body that reported it. */
  status: statusEntryBody.omit({ kind: true }),
});
export type RegisterPersonBody = z.infer<typeof registerPersonBody>;

export const updatePersonBody = identityBody.extend({ version });
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;

export const lookupBody = z.object({ iin });

export const bodyRef = z.object({ id: z.string(), names });

export const personEntry = z.object({
  id: z.string(),
  kind: z.enum(entryKinds),
  at: z.string(),
  body: bodyRef.nullable(),
  status: z.enum(personStatuses).nullable(),
  severity: z.enum(severities).nullable(),
  hospital: bodyRef.nullable(),
  helpType: z.enum(helpTypes).nullable(),
  stage: z.string().nullable(),
  harm: z.enum(harmKinds).nullable(),
  amount: z.number().nullable(),
  outcome: z.enum(decisionOutcomes).nullable(),
  reference: z.string(),
  details: z.string(),
  /** Which record it came from when two were linked as one person. */
  mergedFrom: z.string().nullable(),
  recordedByName: z.string(),
  /** Who recorded it: full name and body (null when the account no longer resolves). */
  recordedBy: personView.nullable(),
  recordedAt: z.string(),
});

export const compensationSummary = z.object({
  harm: z.enum(harmKinds),
  stage: z.enum(compensationStages).nullable(),
  claimed: z.number().nullable(),
  outcome: z.enum(decisionOutcomes).nullable(),
  awarded: z.number().nullable(),
  paid: z.number(),
});

export const personActions = ["edit", "add_entry", "close", "export"] as const;

export const personListItem = z.object({
  id: z.string(),
  role: z.enum(personRoles),
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string(),
  birthDate: z.string().nullable(),
  status: z.enum(personStatuses),
  severity: z.enum(severities).nullable(),
  hospital: bodyRef.nullable(),
  hasIin: z.boolean(),
  closed: z.boolean(),
  updatedAt: z.string(),
});

export const caseRef = z.object({
  incidentId: z.string(),
  regNumber: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  territory: z.object({ code: z.string(), path: z.string() }),
});

export const personDetail = personListItem.extend({
  case: caseRef,
  activationId: z.string().nullable(),
  iin: z.string().nullable(),
  phone: z.string(),
  address: z.string(),
  entries: z.array(personEntry),
  compensation: z.array(compensationSummary),
  /** Records linked into this one (reconciliation). */
  linkedRecords: z.array(z.string()),
  version: z.number(),
  allowedActions: z.array(z.enum(personActions)),
});
export type PersonDetail = z.infer<typeof personDetail>;

export const registerResult = z.object({
  person: personDetail,
  /** The IIN was already on file in this case: the entry was added to that record, nothing duplicated. */
  linked: z.boolean(),
  /** A record with the same name and date of birth was found: proposed for review. */
  proposedMatches: z.number(),
});

export const personList = z.object({ case: caseRef, items: z.array(personListItem) });

export const countsByStatus = z.object(Object.fromEntries(personStatuses.map((s) => [s, z.number()])));
export const countsByHelp = z.object(Object.fromEntries(helpTypes.map((h) => [h, z.number()])));
export const personCounts = z.object({
  total: z.number(),
  victims: z.number(),
  participants: z.number(),
  byStatus: countsByStatus,
  bySeverity: z.object(Object.fromEntries(severities.map((s) => [s, z.number()]))),
  /** Persons who received each kind of help at least once. */
  byHelp: countsByHelp,
  compensationPaid: z.number(),
  /** Hospitalised now, per health organisation (counts only). */
  hospitals: z.array(z.object({ body: bodyRef, count: z.number() })),
});
export type PersonCounts = z.infer<typeof personCounts>;

export const caseSummary = caseRef.extend({
  counts: personCounts,
  /** May read and record the people of this case (personal data). */
  canHandle: z.boolean(),
  /** May give per-case access. */
  canGrant: z.boolean(),
  pendingMatches: z.number(),
});
export const caseList = z.object({ items: z.array(caseSummary) });

export const statisticsQuery = z.object({
  incidentId: uuid.optional(),
  activationId: uuid.optional(),
  /** A KATO code: that territory and all under it. */
  territory: text(12, { trim: false }).optional(),
});
export const statistics = z.object({ counts: personCounts });

export const matchView = z.object({
  id: z.string(),
  reason: z.enum(["name_birth_date"]),
  status: z.enum(["proposed", "confirmed", "rejected"]),
  missing: personListItem,
  found: personListItem,
  proposedAt: z.string(),
});
export const matchList = z.object({ items: z.array(matchView) });
export const matchParam = z.object({ id: uuid });

export const grantAccessBody = z.object({
  /** The user name of the person given access (or `userId` with `bodyId`: an account picked from a body). */
  username: requiredText(100).optional(),
  /** An account holding a role in `bodyId` (picked from the body's accounts, `grantees`). */
  userId: uuid.optional(),
  bodyId: uuid.optional(),
  until: instant,
  /** Access for the whole activation instead of the incident (when the case has one). */
  activationId: uuid.optional(),
});
export const accessView = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  incidentId: z.string().nullable(),
  activationId: z.string().nullable(),
  until: z.string(),
  grantedByName: z.string(),
  /** Who gave the access: full name and body (null when the account no longer resolves). */
  grantedBy: personView.nullable(),
  grantedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const accessList = z.object({ items: z.array(accessView) });
export const granteesQuery = z.object({ body: uuid });
/** Accounts of a body that may be given access (names only; no contacts). */
export const granteeList = z.object({
  items: z.array(z.object({ id: z.string(), displayName: z.string() })),
});

/** The data subject's own file (Law No. 94-V): everything held on the person, for them. */
export const subjectExport = z.object({
  generatedAt: z.string(),
  legalBasis: z.string(),
  person: personDetail.omit({ allowedActions: true }),
});

/** The subject's file as a document, in a language of the person's choice. */
export const subjectFileQuery = z.object({ lang: localeSchema.default("kk") });
