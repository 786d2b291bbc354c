import { z } from "zod";
import {
  indicatorKinds,
  measureCategories,
  periodicities,
  planStatuses,
  propagandaGoals,
} from "../prevention";
import { names, uuid, version } from "./common";

export const createPlanBody = z.object({
  bodyId: uuid,
  year: z.number().int().min(2020).max(2100),
  /** Copy the measures of the same body's plan of this year (e.g. last year's). */
  copyFromYear: z.number().int().min(2020).max(2100).optional(),
});

export const measureBody = z.object({
  category: z.enum(measureCategories),
  subtype: z.string().min(1).max(60),
  title: z.string().trim().min(1).max(1000),
  responsibleBodyId: uuid,
  coExecutorIds: z.array(uuid).max(50).default([]),
  partnerIds: z.array(uuid).max(50).default([]),
  deadline: z.iso.date().nullable().optional(),
  periodicity: z.enum(periodicities).default("once"),
  indicators: z.partialRecord(z.enum(indicatorKinds), z.number().int().min(0).max(100_000_000)).default({}),
  goals: z.array(z.enum(propagandaGoals)).max(5).default([]),
});
export type MeasureBody = z.infer<typeof measureBody>;

export const approvePlanBody = z.object({ version, decisionRef: z.string().trim().min(1).max(200) });

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
export const planListQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });
