/**
 * Security headers on every answer, errors included: helmet's (CSP, HSTS, nosniff, frame and
 * referrer policies…) with a Content-Security-Policy for this app, set by helmet's own middleware
 * from the first request hook.
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import helmet from "helmet";

const CSP = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:"],
    workerSrc: ["'self'", "blob:"],
    connectSrc: ["'self'"],
  },
};

const securityMiddleware = () => helmet({ contentSecurityPolicy: CSP });

export function registerSecurityHeaders(app: FastifyInstance) {
  const setHeaders = securityMiddleware();
  app.addHook("onRequest", (req, reply, next) => {
    setHeaders(req.raw, reply.raw, (err?: unknown) => next(err as Error | undefined));
  });
}

/** The headers an answer carries (lower-case names), as helmet sets them on a response. */
export function securityHeaders(): Record<string, string> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  securityMiddleware()(req, res, () => {});
  return Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]));
}
