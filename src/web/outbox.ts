/**
 * The report outbox: a report is kept in this browser (localStorage) from the moment it is submitted
 * until the server has acknowledged it (after commit). Each entry carries its idempotency key, so
 * retries — after a network error, a server restart or a reload — never file it twice.
 */
import type { IncidentDetail, ReportIncidentBody } from "../domain/contracts/incidents";
import { ApiError } from "./api";
import i18n from "./i18n";

const KEY = "qorgan.outbox.v1";
export type OutboxEntry = { key: string; body: ReportIncidentBody; queuedAt: string; lastError?: string };

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

export function enqueue(body: ReportIncidentBody): OutboxEntry {
  const entry = { key: crypto.randomUUID(), body, queuedAt: new Date().toISOString() };
  save([...pending(), entry]);
  return entry;
}

/** Send one entry. Removed from the outbox only on an answer from the server (success or refusal). */
export async function send(entry: OutboxEntry): Promise<IncidentDetail> {
  let res: Response;
  try {
    res = await fetch("/api/incidents", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        "idempotency-key": entry.key,
        "accept-language": i18n.language,
      },
      body: JSON.stringify(entry.body),
    });
  } catch {
    mark(entry.key, i18n.t("common.networkError"));
    throw new ApiError(0, { code: "network", message: i18n.t("common.networkError"), requestId: "" });
  }
  const data = await res.json().catch(() => null);
  if (res.ok) {
    save(pending().filter((e) => e.key !== entry.key));
    return data as IncidentDetail;
  }
  if (res.status >= 500 || res.status === 401 || res.status === 429) {
    // Not refused on its merits: keep it and try again later.
    mark(entry.key, data?.message ?? res.statusText);
  } else {
    save(pending().filter((e) => e.key !== entry.key));
  }
  throw new ApiError(res.status, data ?? { code: "http", message: res.statusText, requestId: "" });
}

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
