import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  changePasswordBody,
  meResponse,
  sessionResponse,
  signInBody,
  totpDisableBody,
  totpEnableBody,
  totpSetupResponse,
  updateMeBody,
} from "../../../domain/contracts/auth";
import { errorResponse, okResponse, toStorableText } from "../../../domain/contracts/common";
import {
  auditScopes,
  creatableKinds,
  incidentReadFilters,
  reportingGrants,
  userManageScopes,
} from "../../../domain/policy";
import { requireUser, SESSION_COOKIE, setSessionCookie } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as auth from "./auth.service";

type Deps = {
  database: Database;
  secureCookies: boolean;
  authConfig: auth.AuthConfig;
  signInRateLimit: number;
  /** SMTP configured: reminders and escalations also go by e-mail. */
  mailEnabled: boolean;
};

export async function authRoutes(
  app: FastifyInstance,
  { database, secureCookies, authConfig, signInRateLimit, mailEnabled }: Deps,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["auth"];

  const presentMe = async (u: auth.SessionUser) => {
    const actor = {
      userId: u.id,
      grants: u.grants.map((g) => ({ role: g.role, bodyId: g.bodyId, territoryPath: g.territoryPath })),
    };
    return {
      user: {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        locale: u.locale,
        email: u.email,
        totpEnabled: u.totpEnabled,
      },
      mailEnabled,
      grants: await auth.describeGrants(database, u.grants),
      permissions: {
        audit: auditScopes(actor).length > 0,
        manageUsers: userManageScopes(actor).length > 0,
        creatableKinds: creatableKinds(actor),
        report: reportingGrants(actor).length > 0,
        triage: incidentReadFilters(actor).some((f) => f.type === "subtree"),
      },
    };
  };

  r.post(
    "/api/auth/sign-in",
    {
      schema: {
        operationId: "signIn",
        tags,
        body: signInBody,
        response: {
          200: meResponse,
          400: errorResponse,
          401: errorResponse,
          423: errorResponse,
          429: errorResponse,
        },
      },
      config: { rateLimit: { max: signInRateLimit, timeWindow: "1 minute" } },
    },
    async (req, reply) => {
      const res = await auth.signIn(
        database,
        req.ctx,
        { ...req.body, userAgent: toStorableText(String(req.headers["user-agent"] ?? "")) },
        authConfig,
      );
      setSessionCookie(reply, res.token, res.expiresAt, secureCookies);
      const u = await auth.resolveSession(database, res.token);
      return presentMe(u!);
    },
  );

  r.post(
    "/api/auth/sign-out",
    { schema: { operationId: "signOut", tags, response: { 200: okResponse } } },
    async (req, reply) => {
      if (req.sessionToken) await auth.signOut(database, req.ctx, req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  r.get(
    "/api/auth/me",
    { schema: { operationId: "getMe", tags, response: { 200: meResponse, 401: errorResponse } } },
    async (req) => {
      requireUser(req);
      // The hook resolved the session with this module's resolveSession (app.ts): a SessionUser.
      return presentMe(req.sessionUser as auth.SessionUser);
    },
  );

  // The web app's first question, asked before anyone signs in: an answer, not an error (a 401 here
  // would be logged by every browser as a failed request on every visit).
  r.get(
    "/api/auth/session",
    { schema: { operationId: "getSession", tags, response: { 200: sessionResponse } } },
    async (req) => ({
      user: req.ctx.user ? await presentMe(req.sessionUser as auth.SessionUser) : null,
    }),
  );

  r.patch(
    "/api/auth/me",
    {
      schema: {
        operationId: "updateMe",
        tags,
        body: updateMeBody,
        response: { 200: okResponse, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => {
      const ctx = requireUser(req);
      if (req.body.locale) await auth.setLocale(database, ctx, req.body.locale);
      if (req.body.email !== undefined) await auth.setEmail(database, ctx, req.body.email);
      return { ok: true as const };
    },
  );

  r.post(
    "/api/auth/password",
    {
      schema: {
        operationId: "changePassword",
        tags,
        body: changePasswordBody,
        response: { 200: okResponse, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => {
      const ctx = requireUser(req);
      await auth.changePassword(database, ctx, req.body, req.sessionToken!);
      return { ok: true as const };
    },
  );

  r.post(
    "/api/auth/totp/setup",
    {
      schema: {
        operationId: "setupTotp",
        tags,
        response: { 200: totpSetupResponse, 401: errorResponse, 409: errorResponse },
      },
    },
    async (req) => auth.setupTotp(database, requireUser(req)),
  );
  r.post(
    "/api/auth/totp/enable",
    {
      schema: {
        operationId: "enableTotp",
        tags,
        body: totpEnableBody,
        response: { 200: okResponse, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => {
      await auth.enableTotp(database, requireUser(req), req.body.code);
      return { ok: true as const };
    },
  );
  r.post(
    "/api/auth/totp/disable",
    {
      schema: {
        operationId: "disableTotp",
        tags,
        body: totpDisableBody,
        response: { 200: okResponse, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => {
      await auth.disableTotp(database, requireUser(req), req.body.password);
      return { ok: true as const };
    },
  );
}
