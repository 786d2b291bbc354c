import { z } from "zod";
import { bodyKinds } from "../bodies";
import { roles } from "../roles";
import { localeSchema, names, text } from "./common";

export const signInBody = z.object({
  username: text(100, { min: 1 }),
  password: text(200, { min: 1, trim: false }),
  totp: text(100, { trim: false })
    .refine((v) => /^\d{6}$/.test(v), { params: { code: "totp_format" } })
    .optional(),
});
export type SignInBody = z.infer<typeof signInBody>;

export const grantView = z.object({
  role: z.enum(roles),
  bodyId: z.string(),
  bodyName: names,
  territoryCode: z.string(),
  territoryName: names,
});

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    locale: localeSchema,
    /** The user's own address, shown only to the user. */
    email: z.string().nullable(),
    totpEnabled: z.boolean(),
  }),
  /** Whether this server sends e-mail (SMTP configured): reminders and escalations then go to `email` too. */
  mailEnabled: z.boolean(),
  grants: z.array(grantView),
  permissions: z.object({
    audit: z.boolean(),
    manageUsers: z.boolean(),
    creatableKinds: z.array(z.enum(bodyKinds)),
    /** May file incident reports (R16). */
    report: z.boolean(),
    /** Sees and triages reports of a territory (HQs, the ATC). */
    triage: z.boolean(),
  }),
});
export type MeResponse = z.infer<typeof meResponse>;
/** GET /api/auth/session: the signed-in user, or null — never 401. */
export const sessionResponse = z.object({ user: meResponse.nullable() });

export const passwordPolicy = text(200, { trim: false }).refine((v) => v.length >= 10, {
  params: { code: "password_short" },
});

export const changePasswordBody = z.object({
  currentPassword: text(200, { min: 1, trim: false }),
  newPassword: passwordPolicy,
});

/** An account's e-mail address (personal data: never logged, the audit records only that it changed). */
export const accountEmail = text(254).pipe(z.email());

/** Either or both; `email: null` removes the address. */
export const updateMeBody = z.object({
  locale: localeSchema.optional(),
  email: accountEmail.nullable().optional(),
});
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const totpSetupResponse = z.object({ secret: z.string(), uri: z.string() });
export const totpEnableBody = z.object({
  code: text(100, { trim: false }).refine((v) => /^\d{6}$/.test(v), { params: { code: "totp_format" } }),
});
export const totpDisableBody = z.object({ password: text(200, { min: 1, trim: false }) });
