/**
 * The public threat-level page and CAP feed, without sign-in: /public (Kazakh; ?lang=ru|en), /public/kk,
 * /public/ru, /public/en, /public/cap.atom (?lang=), /public/cap/<id>.xml. Answered from the in-memory
 * snapshot (public-snapshot.ts), with an ETag and a short public cache; 304 on If-None-Match.
 * Not JSON API: hidden from the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Locale, locales } from "../../../domain/contracts/common";
import type { PublicSnapshot, Rendered } from "./public-snapshot";

/** Short: a raised level reaches a reader behind a cache within half a minute. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=30";

const isLocale = (v: unknown): v is Locale =>
  typeof v === "string" && (locales as readonly string[]).includes(v);

/** Whether If-None-Match names this ETag (a list, weak or strong, or "*"). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((s) => s.trim().replace(/^W\//, ""))
    .some((s) => s === "*" || s === etag);
}

function send(req: FastifyRequest, reply: FastifyReply, r: Rendered, type: string, lang?: Locale) {
  reply.header("etag", r.etag).header("cache-control", PUBLIC_CACHE_CONTROL);
  if (lang) reply.header("content-language", lang);
  if (etagMatches(req.headers["if-none-match"], r.etag)) return reply.status(304).send();
  return reply.type(type).send(r.body);
}

const notFound = (reply: FastifyReply) =>
  reply.status(404).type("text/plain; charset=utf-8").header("cache-control", "no-store").send("Not found");

export async function publicThreatLevelRoutes(
  app: FastifyInstance,
  { snapshot }: { snapshot: PublicSnapshot },
) {
  const schema = { hide: true };
  const page = async (req: FastifyRequest, reply: FastifyReply, lang: Locale) =>
    send(req, reply, (await snapshot.get()).pages[lang], "text/html; charset=utf-8", lang);

  const byQuery = async (req: FastifyRequest, reply: FastifyReply) => {
    const q = (req.query as { lang?: unknown }).lang;
    return page(req, reply, isLocale(q) ? q : "kk");
  };
  app.get("/public", { schema }, byQuery);
  app.get("/public/", { schema }, byQuery);
  app.get("/public/:lang", { schema }, async (req, reply) => {
    const { lang } = req.params as { lang: string };
    return isLocale(lang) ? page(req, reply, lang) : notFound(reply);
  });
  app.get("/public/cap.atom", { schema }, async (req, reply) => {
    const q = (req.query as { lang?: unknown }).lang;
    const lang = isLocale(q) ? q : "kk";
    return send(req, reply, (await snapshot.get()).feeds[lang], "application/atom+xml; charset=utf-8", lang);
  });
  app.get("/public/cap/:file", { schema }, async (req, reply) => {
    const m = /^([0-9a-f-]{36})\.xml$/.exec((req.params as { file: string }).file);
    const doc = m ? (await snapshot.get()).cap(m[1]) : null;
    return doc ? send(req, reply, doc, "application/cap+xml; charset=utf-8") : notFound(reply);
  });
}
