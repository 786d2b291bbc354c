/** Shared bounded primitives for every contract. */
import { z } from "zod";
import { binProblem, iinProblem } from "../identifiers";
import { isTerritoryCode } from "../territory";

export const locales = ["kk", "ru", "en"] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

export const uuid = z.uuid();

/**
 * Text PostgreSQL can store: no NUL (U+0000, refused by the text type) and no lone surrogate (not
 * encodable as UTF-8). `\p{Cs}` with the `u` flag matches only unpaired surrogates.
 */
export function isStorableText(v: string): boolean {
  return !v.includes("\u0000") && !/\p{Cs}/u.test(v);
}

/**
 * THE string type for user text — every string a client sends (body, query, header, path) that is
 * not an enum, uuid, date or number: bounded, trimmed unless `trim: false`, and refused with 400
 * `text_unstorable` when PostgreSQL could not store it (a 500 from the driver before). Further
 * checks chain on (`.refine`, `.regex`); they are skipped once the text is unstorable.
 */
export function text(max: number, opts: { min?: number; trim?: boolean } = {}) {
  let s = z.string();
  if (opts.trim !== false) s = s.trim();
  if (opts.min) s = s.min(opts.min);
  return s.max(max).refine(isStorableText, { params: { code: "text_unstorable" }, abort: true });
}
/** Text no contract checks (the User-Agent header) made storable: NUL and lone surrogates become U+FFFD. */
export function toStorableText(v: string): string {
  return v.replaceAll("\u0000", "\uFFFD").replace(/\p{Cs}/gu, "\uFFFD");
}
export const shortText = (max = 200) => text(max);
export const requiredText = (max = 300) => text(max, { min: 1 });
export const territoryCode = text(12, { trim: false }).refine(isTerritoryCode, {
  params: { code: "invalid_kato" },
});
/** BIN of a legal entity: each rule that fails has its own code (identifiers.ts `binProblem`). */
export const binSchema = text(100, { trim: false }).superRefine((v, ctx) => {
  const problem = binProblem(v);
  if (problem) ctx.addIssue({ code: "custom", input: v, params: { code: problem } });
});
/** IIN of a person: each rule that fails has its own code (identifiers.ts `iinProblem`). */
export const iin = text(100, { trim: false }).superRefine((v, ctx) => {
  const problem = iinProblem(v);
  if (problem) ctx.addIssue({ code: "custom", input: v, params: { code: problem } });
});
export const phoneSchema = text(40).refine((v) => /^$|^\+?[0-9 ()-]{5,40}$/.test(v), {
  params: { code: "phone_format" },
});
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
