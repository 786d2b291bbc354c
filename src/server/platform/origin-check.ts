/**
 * Requests from other sites: a state-changing API request — POST, PUT, PATCH or
 * DELETE under /api/ — is refused
 * - 403 `cross_origin` when the browser says another site sent it: an `Origin` that is not this
 *   server's own (the scheme and host the request came to, or QORGAN_PUBLIC_URL's), or a
 *   `Sec-Fetch-Site` other than `same-origin` or `none` (typed into the address bar);
 * - 415 `unsupported_media_type` when it has a body that is not JSON, or no body but a content type
 *   other than JSON. Forms and text/plain are what another site's page can send without a CORS
 *   preflight, so with JSON only such a request never reaches a handler even in a browser that sends
 *   neither header. The web app sends JSON, and bodyless requests without a content type
 *   (src/web/api.ts, src/web/outbox.ts).
 * Clients that are not browsers (scripts, the tests) send neither header and pass. The session
 * cookie is SameSite=Strict as well; this is the server's own lock, not left to the browser alone.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "./errors";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type OriginCheckConfig = {
  /** QORGAN_PUBLIC_URL when set: the address users open, e.g. behind a proxy that rewrites Host. */
  publicUrl?: string;
  /** Served over HTTPS at a proxy that terminates TLS: https://<Host> is the own origin too. */
  secureCookies: boolean;
};

/** `scheme://host[:port]` normalised (lower case, default port dropped), or null when not a URL. */
function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === "null" ? null : o;
  } catch {
    return null;
  }
}

/** The origins this request may come from: the one it was sent to, and the configured public one. */
function ownOrigins(req: FastifyRequest, cfg: OriginCheckConfig, configured: string | null): string[] {
  const own = [originOf(`${req.protocol}://${req.host}`)];
  if (cfg.secureCookies) own.push(originOf(`https://${req.host}`));
  if (configured) own.push(configured);
  return own.filter((o): o is string => o !== null);
}

/** The media type of a Content-Type header, lower case without parameters; undefined when absent. */
function mediaType(header: string | undefined): string | undefined {
  return header === undefined ? undefined : header.split(";")[0].trim().toLowerCase();
}

/** Whether a body follows the headers (as Node's parser decides: a length above 0, or chunked). */
function hasBody(req: FastifyRequest): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The refusal for a request, or null when it may go on. */
function refusal(req: FastifyRequest, cfg: OriginCheckConfig, configured: string | null): AppError | null {
  if (!UNSAFE.has(req.method) || !req.url.startsWith("/api/")) return null;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const from = originOf(origin);
    if (from === null || !ownOrigins(req, cfg, configured).includes(from))
      return new AppError(403, "cross_origin");
  }
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none")
    return new AppError(403, "cross_origin");
  const type = mediaType(req.headers["content-type"]);
  const json = type === "application/json";
  if (hasBody(req) ? !json : type !== undefined && !json) return new AppError(415, "unsupported_media_type");
  return null;
}

/** Registered after the auth hook, so that the refusal is worded in the request's language. */
export function registerOriginCheck(app: FastifyInstance, cfg: OriginCheckConfig) {
  const configured = cfg.publicUrl ? originOf(cfg.publicUrl) : null;
  app.addHook("onRequest", async (req) => {
    const refused = refusal(req, cfg, configured);
    if (refused) throw refused;
    // A bodyless request that names JSON is bodyless: Fastify's parser would refuse the empty JSON.
    if (UNSAFE.has(req.method) && !hasBody(req)) delete req.headers["content-type"];
  });
}
