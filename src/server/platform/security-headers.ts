/**
 * Security headers (helmet: CSP, HSTS, nosniff, frame and referrer policies…). They are the same on
 * every answer, so helmet is run once, at start, and its headers are set on each reply as they are —
 * rather than building helmet's middleware again for every request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
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

/** The headers helmet sets (lower-case names), worked out once. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return res;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let done = false;
  helmet({ contentSecurityPolicy: CSP })(
    {} as IncomingMessage,
    res as unknown as ServerResponse,
    (err?: unknown) => {
      if (err) throw err;
      done = true;
    },
  );
  if (!done) throw new Error("helmet did not finish synchronously");
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance) {
  const headers = securityHeaders();
  app.addHook("onRequest", (_req, reply, next) => {
    reply.headers(headers);
    next();
  });
}
