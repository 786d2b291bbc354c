/**
 * The report outbox: a report is kept in this browser (localStorage) from the moment it is submitted
 * until the server has acknowledged it (after commit). Each entry carries its idempotency key, so
 * retries — after a network error, a server restart or a reload — never file it twice.
 */
import { ApiError, api, apiError, networkError } from "./api/client";
import type { IncidentDetail, RequestBody } from "./api/types";
import i18n from "./i18n";

const KEY = "qorgan.outbox.v1";
export type ReportBody = RequestBody<"/api/incidents", "post">;
export type OutboxEntry = { key: string; body: ReportBody; queuedAt: string; lastError?: string };

export function pending(): OutboxEntry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as OutboxEntry[];
  } catch {
    return [];
  }
}

function save(entries: OutboxEntry[]) {
  localStorage.setItem(KEY, JSON.stringify(entries));
  window.dispatchEvent(new Event("qorgan-outbox"));
}

export function enqueue(body: ReportBody): OutboxEntry {
  const entry = { key: crypto.randomUUID(), body, queuedAt: new Date().toISOString() };
  save([...pending(), entry]);
  return entry;
}

/** Send one entry. Removed from the outbox only on an answer from the server (success or refusal). */
export async function send(entry: OutboxEntry): Promise<IncidentDetail> {
  let result: Awaited<ReturnType<typeof post>>;
  try {
    result = await post(entry);
  } catch (e) {
    // No answer at all (the client turns a failed connection into ApiError 0): keep it.
    mark(entry.key, i18n.t("common.networkError"));
    throw e instanceof ApiError ? e : networkError();
  }
  const { data, error, response } = result;
  if (response.ok && data !== undefined) {
    save(pending().filter((e) => e.key !== entry.key));
    return data;
  }
  const refused = apiError(response, error);
  if (response.status >= 500 || response.status === 401 || response.status === 429) {
    // Not refused on its merits: keep it and try again later.
    mark(entry.key, refused.message);
  } else {
    save(pending().filter((e) => e.key !== entry.key));
  }
  throw refused;
}

const post = (entry: OutboxEntry) =>
  api.POST("/api/incidents", { params: { header: { "idempotency-key": entry.key } }, body: entry.body });

function mark(key: string, error: string) {
  save(pending().map((e) => (e.key === key ? { ...e, lastError: error } : e)));
}

/** Try every pending entry (on start, every few seconds and when the browser comes back online). */
export async function flush(): Promise<void> {
  for (const e of pending()) {
    try {
      await send(e);
    } catch {
      /* kept for the next attempt */
    }
  }
}
