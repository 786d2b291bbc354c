/**
 * The typed API client: openapi-fetch over `paths`, the types that scripts/gen-api.ts generates from the
 * server's own routes (src/web/api/schema.d.ts). Same-origin cookie session, Accept-Language from i18n,
 * refusals as ApiError (status + the ErrorResponse body), a failed connection as ApiError(0, "network").
 *
 *   const body = await ok(api.GET("/api/bodies/{id}", { params: { path: { id } } }));
 *
 * `ok` unwraps an answer or throws; the raw `{ data, error, response }` stays available (see outbox.ts).
 */
import createClient from "openapi-fetch";
import type { ErrorResponse } from "../../domain/contracts/common";
import i18n from "../i18n";
import type { paths } from "./schema";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
  ) {
    super(body.message);
  }
  fieldMessage(path: string): string | undefined {
    return this.body.fields?.find((f) => f.path === path)?.message;
  }
}

export const networkError = () =>
  new ApiError(0, { code: "network", message: i18n.t("common.networkError"), requestId: "" });

/** Query string without empty values (undefined, null, ""), as the server's filters expect; arrays repeat. */
export function queryString(params: Record<string, unknown>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const item of Array.isArray(v) ? v : [v])
      if (item !== undefined && item !== null && item !== "") s.append(k, String(item));
  return s.toString();
}

/** "?a=1&b=2" (or "") for links that are not JSON calls: downloads, the app's own addresses. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const str = queryString(params);
  return str ? `?${str}` : "";
}

export const api = createClient<paths>({
  credentials: "same-origin",
  querySerializer: queryString,
});
api.use({
  onRequest({ request }) {
    request.headers.set("accept-language", i18n.language);
  },
  onError() {
    return networkError();
  },
});

function isErrorResponse(v: unknown): v is ErrorResponse {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as ErrorResponse).code === "string" &&
    typeof (v as ErrorResponse).message === "string"
  );
}

/** The ApiError for a refused request: the server's ErrorResponse, or the HTTP status when it sent none. */
export function apiError(response: Response, error: unknown): ApiError {
  return new ApiError(
    response.status,
    isErrorResponse(error) ? error : { code: "http", message: response.statusText, requestId: "" },
  );
}

/** The answer of a call of `api` (its success type), or the ApiError of its refusal thrown. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<Exclude<R["data"], undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiError(response, error);
  return data as Exclude<R["data"], undefined>;
}
