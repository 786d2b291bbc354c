/**
 * Fastify wiring for sessions: resolve the cookie on every /api request into req.ctx. How a token
 * becomes a user is the auth module's business: app.ts passes its resolver in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Locale } from "../../domain/contracts/common";
import type { Actor, Grant } from "../../domain/roles";
import type { RequestContext } from "./context";
import { unauthenticated } from "./errors";
import { pickLocale } from "./i18n";

export const SESSION_COOKIE = "qorgan_sid";

/** What a session token resolves to (the auth module's session user is a superset). */
export type SessionPrincipal = {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  grants: readonly Grant[];
};

/** Resolves a session token (the cookie's value) into its user, or null when it is not valid. */
export type SessionResolver = (token: string) => Promise<SessionPrincipal | null>;

declare module "fastify" {
  interface FastifyRequest {
    ctx: RequestContext;
    locale: Locale;
    sessionUser?: SessionPrincipal;
    sessionToken?: string;
  }
}

export function registerAuthHook(app: FastifyInstance, resolveSession: SessionResolver) {
  app.decorateRequest("ctx", null as unknown as RequestContext);
  app.decorateRequest("locale", "kk");
  app.addHook("onRequest", async (req) => {
    req.locale = pickLocale(req.headers["accept-language"]);
    req.ctx = { requestId: req.id, ip: req.ip, locale: req.locale };
    if (!req.url.startsWith("/api/")) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const user = await resolveSession(token);
    if (!user) return;
    req.sessionUser = user;
    req.sessionToken = token;
    if (!req.headers["accept-language"]) req.locale = user.locale;
    const actor: Actor = {
      userId: user.id,
      grants: user.grants.map((g) => ({ role: g.role, bodyId: g.bodyId, territoryPath: g.territoryPath })),
    };
    req.ctx = {
      requestId: req.id,
      ip: req.ip,
      locale: req.locale,
      user: { id: user.id, username: user.username, displayName: user.displayName, actor },
    };
  });
}

/** The signed-in user's context, or 401. */
export function requireUser(req: FastifyRequest): Required<RequestContext> {
  if (!req.ctx.user) throw unauthenticated();
  return req.ctx as Required<RequestContext>;
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure, path: "/", expires });
}
