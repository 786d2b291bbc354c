/** Shared bounded primitives for every contract (style §4). */
import { z } from "zod";
import { isValidBin } from "../identifiers";
import { isTerritoryCode } from "../territory";

export const locales = ["kk", "ru", "en"] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

export const uuid = z.uuid();
export const shortText = (max = 200) => z.string().trim().max(max);
export const requiredText = (max = 300) => z.string().trim().min(1).max(max);
export const territoryCode = z
  .string()
  .max(12)
  .refine(isTerritoryCode, { params: { code: "invalid_kato" } });
export const binSchema = z
  .string()
  .refine((v) => /^\d{12}$/.test(v), { params: { code: "bin_format" }, abort: true })
  .refine(isValidBin, { params: { code: "invalid_bin" } });
export const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .refine((v) => /^$|^\+?[0-9 ()-]{5,40}$/.test(v), { params: { code: "phone_format" } });
export const emailSchema = z.union([z.literal(""), z.email().max(200)]);
export const version = z.number().int().min(1).max(2_147_483_647);

export const limitQuery = z.coerce.number().int().min(1).max(500).default(50);
export const offsetQuery = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const names = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
export type Names = z.infer<typeof names>;

export const errorResponse = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string(),
  fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const okResponse = z.object({ ok: z.literal(true) });
