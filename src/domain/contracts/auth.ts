import { z } from "zod";
import { roles } from "../roles";
import { localeSchema, names } from "./common";

export const signInBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  totp: z
    .string()
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
    totpEnabled: z.boolean(),
  }),
  grants: z.array(grantView),
  permissions: z.object({
    audit: z.boolean(),
    manageUsers: z.boolean(),
    creatableKinds: z.array(z.string()),
    /** May file incident reports (R16). */
    report: z.boolean(),
    /** Sees and triages reports of a territory (HQs, the ATC). */
    triage: z.boolean(),
  }),
});
export type MeResponse = z.infer<typeof meResponse>;

export const passwordPolicy = z
  .string()
  .max(200)
  .refine((v) => v.length >= 10, { params: { code: "password_short" } });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordPolicy,
});

export const updateMeBody = z.object({ locale: localeSchema });

export const totpSetupResponse = z.object({ secret: z.string(), uri: z.string() });
export const totpEnableBody = z.object({
  code: z.string().refine((v) => /^\d{6}$/.test(v), { params: { code: "totp_format" } }),
});
export const totpDisableBody = z.object({ password: z.string().min(1).max(200) });
