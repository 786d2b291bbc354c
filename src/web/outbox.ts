/**
 * The report outbox: a report is kept in this browser (localStorage) from the moment it is submitted
 * until the server has acknowledged it (after commit). Each entry carries its idempotency key, so
 * retries — after a network error, a server restart or a reload — never file it twice.
 *
 * Its files (photos, documents) are kept beside it in IndexedDB (localStorage holds text only, a few
 * MB in all) and follow the report once it is filed; the server keeps one copy of a content per report
 * (SHA-256), so a file resent after a lost answer is not added twice. A file this browser could not keep
 * (no IndexedDB, storage full) is named on the entry (`notKept`) and told to the person at once.
 */
import { ApiError, api, apiError, networkError } from "./api/client";
import type { IncidentDetail, RequestBody } from "./api/types";
import i18n from "./i18n";

const KEY = "qorgan.outbox.v1";
export type ReportBody = RequestBody<"/api/incidents", "post">;
/** A file kept in IndexedDB under `id` until it is sent. */
export type OutboxFile = { id: string; name: string; size: number };
export type OutboxEntry = {
  key: string;
  body: ReportBody;
  queuedAt: string;
  lastError?: string;
  /** Files waiting to follow the report. */
  files?: OutboxFile[];
  /** Names of files this browser could not keep (never sent). */
  notKept?: string[];
  /** Set once the report is filed: then only its files are still to be sent. */
  incidentId?: string;
  regNumber?: string;
};
/** What became of a report sent from the outbox, and of its files. */
export type SendResult = {
  incident: IncidentDetail | { id: string; regNumber: string };
  /** Files the server refused on their merits (kind, size, count), with its message. */
  refused: { name: string; message: string }[];
  /** Files still waiting (no answer from the server): sent by the next flush. */
  waiting: number;
};

export function pending(): OutboxEntry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as OutboxEntry[];
  } catch {
    return [];
  }
}

/** Reports not yet filed (entries whose report is filed and only files wait are not counted). */
export const pendingReports = () => pending().filter((e) => !e.incidentId);
/** Files waiting in the outbox, of all entries. */
export const pendingFiles = () => pending().reduce((n, e) => n + (e.files?.length ?? 0), 0);

function save(entries: OutboxEntry[]) {
  localStorage.setItem(KEY, JSON.stringify(entries));
  window.dispatchEvent(new Event("qorgan-outbox"));
}

function update(key: string, patch: (e: OutboxEntry) => OutboxEntry) {
  save(pending().map((e) => (e.key === key ? patch(e) : e)));
}

/* ----------------------------------------------------------------------------- files in IndexedDB */

const DB_NAME = "qorgan-outbox";
const STORE = "files";

function openFiles(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === "undefined") return reject(new Error("no IndexedDB"));
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openFiles();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const putFile = (id: string, blob: Blob) => withStore("readwrite", (s) => s.put(blob, id));
const getFile = (id: string) => withStore<Blob | undefined>("readonly", (s) => s.get(id));
const dropFile = (id: string) => withStore("readwrite", (s) => s.delete(id)).catch(() => undefined);

const blobToBase64 = (b: Blob) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(",")[1] ?? "");
    r.onerror = () => reject(r.error);
    r.readAsDataURL(b);
  });

/* ------------------------------------------------------------------------------------ the outbox */

/** Queue a report with its files; the files this browser could not keep are named in `notKept`. */
export async function enqueue(body: ReportBody, files: File[] = []): Promise<OutboxEntry> {
  const key = crypto.randomUUID();
  const kept: OutboxFile[] = [];
  const notKept: string[] = [];
  for (const f of files) {
    const id = `${key}/${kept.length + notKept.length}`;
    try {
      await putFile(id, f);
      kept.push({ id, name: f.name, size: f.size });
    } catch {
      notKept.push(f.name);
    }
  }
  const entry: OutboxEntry = {
    key,
    body,
    queuedAt: new Date().toISOString(),
    ...(kept.length ? { files: kept } : {}),
    ...(notKept.length ? { notKept } : {}),
  };
  save([...pending(), entry]);
  return entry;
}

/** Not refused on its merits (no answer, the server's trouble, signed out, too many requests): try again. */
const retryable = (status: number) => status === 0 || status >= 500 || status === 401 || status === 429;

/**
 * Send one entry: the report (unless already filed), then its files. The entry leaves the outbox once
 * the report has an answer from the server (filed or refused on its merits) and no file is waiting.
 */
export async function send(entry: OutboxEntry): Promise<SendResult> {
  let incident: SendResult["incident"];
  if (entry.incidentId) {
    incident = { id: entry.incidentId, regNumber: entry.regNumber ?? "" };
  } else {
    let result: Awaited<ReturnType<typeof post>>;
    try {
      result = await post(entry);
    } catch (e) {
      // No answer at all (the client turns a failed connection into ApiError 0): keep it.
      update(entry.key, (x) => ({ ...x, lastError: i18n.t("common.networkError") }));
      throw e instanceof ApiError ? e : networkError();
    }
    const { data, error, response } = result;
    if (!response.ok || data === undefined) {
      const refused = apiError(response, error);
      if (retryable(response.status)) {
        update(entry.key, (x) => ({ ...x, lastError: refused.message }));
      } else {
        for (const f of entry.files ?? []) await dropFile(f.id);
        save(pending().filter((e) => e.key !== entry.key));
      }
      throw refused;
    }
    incident = data;
    update(entry.key, (x) => ({
      ...x,
      incidentId: data.id,
      regNumber: data.regNumber,
      lastError: undefined,
    }));
  }
  const refused: SendResult["refused"] = [];
  let waiting = 0;
  for (const f of entry.files ?? []) {
    const outcome = await sendFile(incident.id, f);
    if (outcome === "sent" || typeof outcome === "object") {
      if (typeof outcome === "object") refused.push({ name: f.name, message: outcome.message });
      await dropFile(f.id);
      update(entry.key, (x) => ({ ...x, files: x.files?.filter((y) => y.id !== f.id) }));
    } else {
      waiting++;
      update(entry.key, (x) => ({ ...x, lastError: outcome }));
    }
  }
  if (waiting === 0) save(pending().filter((e) => e.key !== entry.key));
  return { incident, refused, waiting };
}

/** "sent", a refusal on the merits (the server's message), or the reason to try again (a string). */
async function sendFile(incidentId: string, f: OutboxFile): Promise<"sent" | { message: string } | string> {
  let blob: Blob | undefined;
  try {
    blob = await getFile(f.id);
  } catch {
    blob = undefined;
  }
  if (!blob) return { message: i18n.t("attachments.notKept", { names: f.name }) };
  try {
    const { response, error } = await api.POST("/api/incidents/{id}/files", {
      params: { path: { id: incidentId } },
      body: { filename: f.name, contentBase64: await blobToBase64(blob) },
    });
    if (response.ok) return "sent";
    const e = apiError(response, error);
    return retryable(response.status) ? e.message : { message: e.message };
  } catch {
    return i18n.t("common.networkError");
  }
}

const post = (entry: OutboxEntry) =>
  api.POST("/api/incidents", { params: { header: { "idempotency-key": entry.key } }, body: entry.body });

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
