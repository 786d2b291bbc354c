/** Typed errors with stable codes; one handler turns them into localised responses. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ZodError } from "zod";
import type { Locale } from "../../domain/contracts/common";
import { t } from "./i18n";

export type FieldIssue = { path: string; code: string; vars?: Record<string, string | number> };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly vars: Record<string, string | number> = {},
    readonly fields: FieldIssue[] = [],
  ) {
    super(code);
    this.name = "AppError";
  }
}

export const notFound = () => new AppError(404, "not_found");
export const forbidden = () => new AppError(403, "forbidden");
export const unauthenticated = () => new AppError(401, "unauthenticated");
export const versionConflict = () => new AppError(409, "version_conflict");
export const fieldError = (path: string, code: string, vars?: Record<string, string | number>) =>
  new AppError(400, "validation", {}, [{ path, code, vars }]);

type ZodIssueLike = {
  code: string;
  path: PropertyKey[];
  params?: { code?: string };
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  input?: unknown;
  keys?: string[];
};

/** Map a zod issue to one of our validation message keys. */
export function issueToField(issue: ZodIssueLike, prefix = ""): FieldIssue {
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  if (issue.params?.code) return { path, code: issue.params.code };
  switch (issue.code) {
    case "invalid_type":
      return { path, code: issue.input === undefined || issue.input === null ? "required" : "invalid_type" };
    case "too_small":
      return issue.origin === "string"
        ? {
            path,
            code: Number(issue.minimum) === 1 ? "required" : "too_small_string",
            vars: { min: Number(issue.minimum) },
          }
        : { path, code: "too_small_number", vars: { min: Number(issue.minimum) } };
    case "too_big":
      return issue.origin === "string"
        ? { path, code: "too_big_string", vars: { max: Number(issue.maximum) } }
        : { path, code: "too_big_number", vars: { max: Number(issue.maximum) } };
    case "invalid_value":
    case "invalid_union":
      return { path, code: "invalid_value" };
    case "invalid_format":
      // An empty field (a form's unchosen date or body) is missing, not badly written.
      if (issue.input === "") return { path, code: "required" };
      return { path, code: issue.format === "email" ? "email_format" : "invalid_format" };
    case "unrecognized_keys":
      return { path: [path, ...(issue.keys ?? [])].filter(Boolean).join("."), code: "unrecognized_keys" };
    default:
      return { path, code: "invalid" };
  }
}

/** The value at a validation issue's path in a request part (undefined where there is none). */
function valueAt(source: unknown, path: readonly string[]): unknown {
  let at = source;
  for (const k of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[k];
  }
  return at;
}

export function zodToAppError(err: ZodError, prefix = ""): AppError {
  return new AppError(
    400,
    "validation",
    {},
    err.issues.map((i) => issueToField(i as unknown as ZodIssueLike, prefix)),
  );
}

function send(reply: FastifyReply, req: FastifyRequest, e: AppError) {
  const locale = req.locale as Locale;
  const body: Record<string, unknown> = {
    code: e.code,
    message: t(locale, `errors.${e.code}`, { ...e.vars, requestId: req.id }),
    requestId: req.id,
  };
  if (e.fields.length > 0) {
    body.fields = e.fields.map((f) => ({
      path: f.path,
      code: f.code,
      message: t(locale, `validation.${f.code}`, f.vars),
    }));
  }
  return reply.status(e.status).send(body);
}

export function registerErrorHandler(app: FastifyInstance, opts: { spaFallback?: boolean } = {}) {
  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    if (error instanceof AppError) return send(reply, req, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? "body";
      const prefix = where === "body" ? "" : where;
      // fastify-type-provider-zod flattens each zod issue into { keyword: code, instancePath, params: rest },
      // without the value: it is read back from the request so that an empty or absent value reads "required".
      const source: unknown =
        where === "body"
          ? req.body
          : where === "querystring"
            ? req.query
            : where === "params"
              ? req.params
              : undefined;
      const fields = error.validation.map((v) => {
        const path = v.instancePath.split("/").filter(Boolean);
        return issueToField(
          {
            ...(v.params as object),
            code: v.keyword,
            path,
            input: valueAt(source, path),
          } as unknown as ZodIssueLike,
          prefix,
        );
      });
      return send(reply, req, new AppError(400, "validation", {}, fields));
    }
    const fe = error as FastifyError;
    if (fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
      return send(reply, req, new AppError(400, "validation", {}, [{ path: "", code: "invalid_format" }]));
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return send(reply, req, new AppError(415, "unsupported_media_type"));
    if (fe.statusCode === 429) return send(reply, req, new AppError(429, "rate_limited"));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(
        reply,
        req,
        new AppError(fe.statusCode, fe.statusCode === 404 ? "not_found" : "validation"),
      );
    }
    // Never the message: a failed query's carries its SQL text and parameters (request values).
    req.log.error({ err: describeError(error) }, "unhandled error");
    return send(reply, req, new AppError(500, "internal"));
  });
  // Unknown API paths answer a localised 404; other GETs get the SPA's index.html (client-side routes).
  app.setNotFoundHandler((req, reply) => {
    if (opts.spaFallback && req.method === "GET" && !req.url.startsWith("/api/"))
      return reply.sendFile("index.html");
    return send(reply, req, notFound());
  });
}

/**
 * What may be logged of an error: its class, its code (a PostgreSQL SQLSTATE, a Node or Fastify code,
 * also of its cause) and the code locations of its stack — never its message or the message lines of
 * its stack, which for a failed query hold the SQL text and its parameters, i.e. request values.
 */
export function describeError(e: unknown): {
  type: string;
  code?: string;
  cause?: string;
  frames?: string[];
} {
  if (!(e instanceof Error)) return { type: typeof e };
  const codeOf = (x: unknown) => {
    const c = (x as { code?: unknown } | undefined)?.code;
    return typeof c === "string" || typeof c === "number" ? String(c) : undefined;
  };
  const cause = (e as { cause?: unknown }).cause;
  // V8's stack is the error's "name: message" (any number of lines), then the frames; a message that
  // has changed since is not cut off reliably, so then no frames at all.
  const head = e.message ? `${e.name}: ${e.message}` : e.name;
  const frames = e.stack?.startsWith(head) ? e.stack.slice(head.length).split("\n") : [];
  return {
    type: e.constructor?.name || e.name,
    code: codeOf(e),
    cause:
      cause instanceof Error ? [cause.constructor?.name, codeOf(cause)].filter(Boolean).join(" ") : undefined,
    frames: frames
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 12)
      .map((l) => l.trim()),
  };
}

type DescribedError = ReturnType<typeof describeError>;
const isDescribed = (e: unknown): e is DescribedError =>
  !(e instanceof Error) && typeof (e as { type?: unknown } | null)?.type === "string";

/**
 * Pino serializers of the request log (app.ts): no request values in it. A request is its method, the
 * route's pattern (its URL's path and query carry ids and search text) and the client address; an
 * error is what describeError keeps (the error handler already logs that; anything else is cut here).
 */
export const logSerializers = {
  req(raw: unknown) {
    const req = raw as FastifyRequest; // Fastify passes its request (typed as the raw one)
    return {
      method: req.method,
      url: req.routeOptions?.url ?? req.url.split("?")[0].slice(0, 200),
      remoteAddress: req.ip,
    };
  },
  err(e: unknown) {
    const { frames, ...rest } = isDescribed(e) ? e : describeError(e);
    return { ...rest, message: rest.code ?? "", stack: (frames ?? []).join("\n") };
  },
};

/** PostgreSQL unique violation (23505) / foreign key violation (23503) → typed errors. */
export function mapDbError(e: unknown): never {
  const code =
    (e as { code?: string; cause?: { code?: string } })?.code ??
    (e as { cause?: { code?: string } })?.cause?.code;
  const c = e as { constraint?: string; cause?: { constraint?: string } };
  const constraint = c.constraint ?? c.cause?.constraint ?? "";
  if (code === "23505") throw new AppError(409, "conflict", { detail: constraint });
  if (code === "23503") throw new AppError(400, "bad_reference", { field: constraint });
  throw e;
}

/** One line for an operational log: the error's class and codes (describeError), never its message. */
export function errorSummary(e: unknown): string {
  const d = describeError(e);
  return [d.type, d.code, d.cause ? `(cause ${d.cause})` : undefined, d.frames?.[0]]
    .filter(Boolean)
    .join(" ");
}
