/** Fetch wrapper: same-origin cookie session, Accept-Language, typed errors from the API contract. */
import type { ErrorResponse } from "../domain/contracts/common";
import i18n from "./i18n";

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

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        "accept-language": i18n.language,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, { code: "network", message: i18n.t("common.networkError"), requestId: "" });
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok)
    throw new ApiError(res.status, data ?? { code: "http", message: res.statusText, requestId: "" });
  return data as T;
}

export const get = <T>(url: string) => api<T>("GET", url);

/** Query string from an object, skipping empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : "";
}
