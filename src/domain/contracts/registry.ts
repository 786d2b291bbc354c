import { z } from "zod";
import { bodyKinds, membershipRoles, readinessLevels } from "../bodies";
import { territoryTypes } from "../territory";
import {
  binSchema,
  emailSchema,
  limitQuery,
  names,
  offsetQuery,
  phoneSchema,
  requiredText,
  shortText,
  territoryCode,
  text,
  uuid,
  version,
} from "./common";

export const territoryView = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.number(),
  type: z.enum(territoryTypes),
  iso: z.string().nullable(),
  names,
  path: z.string(),
  hasGeometry: z.boolean(),
});
export type TerritoryView = z.infer<typeof territoryView>;

/** A unit in a list or search answer, with the units it lies within, nearest first (not the republic). */
export const territoryListItem = territoryView.extend({
  within: z.array(z.object({ code: z.string(), type: z.enum(territoryTypes), names })),
});

export const territoryListQuery = z.object({
  parent: territoryCode.optional(),
  q: text(100).optional(),
  /** Only units at or above this level (1 region … 4 settlement). */
  maxLevel: z.coerce.number().int().min(0).max(4).optional(),
  limit: limitQuery,
});

export const territoryDetail = territoryView.extend({
  ancestors: z.array(territoryView),
  childCount: z.number(),
});

export const bodyKind = z.enum(bodyKinds);

export const bodyListQuery = z.object({
  q: text(100).optional(),
  kind: bodyKind.optional(),
  subtype: text(40, { trim: false }).optional(),
  /** Subtree filter: bodies in this territory and below. */
  territory: territoryCode.optional(),
  includeInactive: z.enum(["true", "false"]).optional(),
  limit: limitQuery,
  offset: offsetQuery,
});
export type BodyListQuery = z.infer<typeof bodyListQuery>;

export const bodySummary = z.object({
  id: z.string(),
  kind: bodyKind,
  subtype: z.string().nullable(),
  names,
  territoryCode: z.string(),
  territoryNames: names,
  bin: z.string().nullable(),
  active: z.boolean(),
  basis: z.array(z.string()),
});
export type BodySummary = z.infer<typeof bodySummary>;

export const bodyList = z.object({ items: z.array(bodySummary), total: z.number() });

export const membershipView = z.object({
  id: z.string(),
  groupId: z.string(),
  groupNames: names,
  memberBodyId: z.string(),
  memberNames: names,
  role: z.enum(membershipRoles),
  representativeName: z.string(),
  representativePosition: z.string(),
  version: z.number(),
});
export type MembershipView = z.infer<typeof membershipView>;

export const bodyDetail = bodySummary.extend({
  parent: z.object({ id: z.string(), names, kind: bodyKind }).nullable(),
  territoryPath: z.string(),
  competence: z.string(),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  capacity: z.number().nullable(),
  readiness: z.enum(readinessLevels).nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  members: z.array(membershipView),
  memberOf: z.array(membershipView),
  subordinates: z.array(z.object({ id: z.string(), names, kind: bodyKind })),
  allowedActions: z.array(z.string()),
});
export type BodyDetail = z.infer<typeof bodyDetail>;

const bodyFields = {
  subtype: text(40, { trim: false }).nullable().optional(),
  nameKk: requiredText(300),
  nameRu: requiredText(300),
  nameEn: shortText(300).optional(),
  territoryCode,
  parentId: uuid.nullable().optional(),
  bin: binSchema.nullable().optional(),
  competence: shortText(2000).optional(),
  address: shortText(500).optional(),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
  readiness: z.enum(readinessLevels).nullable().optional(),
};

export const createBodyBody = z.object({ kind: bodyKind, ...bodyFields });
export type CreateBodyBody = z.infer<typeof createBodyBody>;

export const updateBodyBody = z
  .object({ version, ...bodyFields })
  .partial()
  .required({ version: true });
export type UpdateBodyBody = z.infer<typeof updateBodyBody>;

export const deleteBodyQuery = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) });

export const addMemberBody = z.object({
  memberBodyId: uuid,
  role: z.enum(membershipRoles),
  representativeName: shortText(200).optional(),
  representativePosition: shortText(300).optional(),
  contactPhone: phoneSchema.optional(),
  contactEmail: emailSchema.optional(),
});
export type AddMemberBody = z.infer<typeof addMemberBody>;

export const updateMemberBody = z.object({
  version,
  role: z.enum(membershipRoles).optional(),
  representativeName: shortText(200).optional(),
  representativePosition: shortText(300).optional(),
  contactPhone: phoneSchema.optional(),
  contactEmail: emailSchema.optional(),
});

export const memberContact = z.object({ contactPhone: z.string(), contactEmail: z.string() });

export const idParam = z.object({ id: uuid });
export const codeParam = z.object({ code: territoryCode });
