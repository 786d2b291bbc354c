/**
 * E-mail through a transactional outbox. `queueMail` writes rows in the caller's
 * transaction, so a mail exists exactly when the notification it goes with was committed; the
 * worker claims due rows with `for update skip locked` and a lease (any number of instances, none
 * sends a row another has claimed), sends them after that short transaction with nodemailer, marks
 * them sent, and on failure retries with exponential backoff — nothing is dropped. Delivery is at
 * least once: a process killed between the SMTP server's acceptance and the mark sends that one
 * mail again when the lease runs out (the Message-ID stays the same, so clients may fold it).
 * Addresses are personal data: they are never written to the application log.
 */
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { mailOutbox } from "./mail.tables";

export type MailConfig = {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; nodemailer URL options allowed. */
  smtpUrl: string;
  /** The From header, e.g. "Qorgan <qorgan@example.kz>". */
  from: string;
  /** Base of the links in mails, e.g. https://qorgan.example.kz (no trailing slash). */
  publicUrl: string;
};

/**
 * Mail settings from QORGAN_SMTP_URL, QORGAN_MAIL_FROM and QORGAN_PUBLIC_URL (or the server's own
 * address): null without an SMTP URL. Errors never repeat the URL (it may hold a password).
 */
export function mailConfigFrom(
  s: { smtpUrl?: string; mailFrom?: string; publicUrl?: string },
  serverUrl: string,
): MailConfig | null {
  if (!s.smtpUrl) {
    if (s.mailFrom)
      throw new Error("QORGAN_MAIL_FROM is set but QORGAN_SMTP_URL is not: set both, or neither.");
    return null;
  }
  let smtp: URL;
  try {
    smtp = new URL(s.smtpUrl);
  } catch {
    throw new Error("QORGAN_SMTP_URL is not a URL (expected smtp://user:pass@host:587 or smtps://…:465).");
  }
  if (smtp.protocol !== "smtp:" && smtp.protocol !== "smtps:")
    throw new Error("QORGAN_SMTP_URL must start with smtp:// or smtps://.");
  if (!s.mailFrom?.trim()) throw new Error("QORGAN_SMTP_URL is set: QORGAN_MAIL_FROM must be set too.");
  const publicUrl = (s.publicUrl || serverUrl).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(publicUrl))
    throw new Error("QORGAN_PUBLIC_URL must start with http:// or https://.");
  return { smtpUrl: s.smtpUrl, from: s.mailFrom.trim(), publicUrl };
}

export type MailMessage = {
  userId: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  entityType?: string;
  entityId?: string;
};

/** Queue mail in the caller's transaction. */
export async function queueMail(tx: DbOrTx, messages: readonly MailMessage[]): Promise<void> {
  if (!messages.length) return;
  await tx.insert(mailOutbox).values(
    messages.map((m) => ({
      userId: m.userId,
      toAddress: m.to,
      subject: m.subject,
      text: m.text,
      kind: m.kind,
      entityType: m.entityType,
      entityId: m.entityId,
    })),
  );
}

/**
 * A user changed or removed their address: unsent mail follows the new address, or is dropped
 * when there is none (the in-app notification stays).
 */
export async function retargetQueuedMail(tx: DbOrTx, userId: string, email: string | null): Promise<void> {
  const unsent = and(eq(mailOutbox.userId, userId), isNull(mailOutbox.sentAt));
  if (email) await tx.update(mailOutbox).set({ toAddress: email }).where(unsent);
  else await tx.delete(mailOutbox).where(unsent);
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
/** Wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most an hour. */
export const backoffMs = (attempts: number) =>
  Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

/** Errors about one message; any other (connection, greeting, authentication) concerns the server. */
const MESSAGE_ERRORS = new Set(["EENVELOPE", "EMESSAGE"]);

type SmtpError = { code?: string; responseCode?: number; message?: string };
const errorCode = (e: unknown) => {
  const x = e as SmtpError;
  return [x?.code, x?.responseCode].filter(Boolean).join(" ") || "error";
};

export type DeliveryOptions = {
  now?: Date;
  /** Rows claimed per pass. */
  batch?: number;
  /** How long a claimed row is left to this worker before another may take it. */
  leaseMs?: number;
  log?: (m: string) => void;
};

/** One pass: claim due mail, send it, mark it sent or schedule the next attempt. */
export async function deliverMail(
  database: Database,
  cfg: MailConfig,
  opts: DeliveryOptions = {},
): Promise<{ claimed: number; sent: number; failed: number }> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const due = database.db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(asc(mailOutbox.id))
    .limit(opts.batch ?? 20)
    .for("update", { skipLocked: true });
  const claimed = await database.db
    .update(mailOutbox)
    .set({
      nextAttemptAt: new Date(now.getTime() + (opts.leaseMs ?? 10 * 60_000)),
      attempts: sql`${mailOutbox.attempts} + 1`,
    })
    .where(inArray(mailOutbox.id, due))
    .returning();
  if (!claimed.length) return { claimed: 0, sent: 0, failed: 0 };
  claimed.sort((a, b) => a.id - b.id);
  const host = new URL(cfg.publicUrl).hostname || "qorgan";
  // Loaded on first use: most servers never send mail.
  const nodemailer = (await import("nodemailer")).default;
  const transport = nodemailer.createTransport({
    url: cfg.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  let sent = 0;
  let failed = 0;
  const fail = async (row: (typeof claimed)[number], e: unknown) => {
    const wait = backoffMs(row.attempts);
    const x = e as SmtpError;
    await database.db
      .update(mailOutbox)
      .set({
        nextAttemptAt: new Date(now.getTime() + wait),
        lastError: `${errorCode(e)}: ${x?.message ?? String(e)}`.slice(0, 500),
      })
      .where(and(eq(mailOutbox.id, row.id), isNull(mailOutbox.sentAt)));
    failed++;
    log(`mail ${row.id} not sent (attempt ${row.attempts}, next in ${wait / 1000} s): ${errorCode(e)}`);
  };
  try {
    for (let i = 0; i < claimed.length; i++) {
      const row = claimed[i];
      try {
        await transport.sendMail({
          from: cfg.from,
          to: row.toAddress,
          subject: row.subject,
          text: row.text,
          messageId: `<mail-${row.id}.${row.createdAt.getTime()}@${host}>`,
          headers: { "Auto-Submitted": "auto-generated" },
        });
      } catch (e) {
        await fail(row, e);
        if (!MESSAGE_ERRORS.has((e as SmtpError)?.code ?? "")) {
          // The server is unreachable or refuses us: the rest of the batch waits too.
          for (const rest of claimed.slice(i + 1)) await fail(rest, e);
          break;
        }
        continue;
      }
      await database.db
        .update(mailOutbox)
        .set({ sentAt: now, lastError: null })
        .where(and(eq(mailOutbox.id, row.id), isNull(mailOutbox.sentAt)));
      sent++;
    }
  } finally {
    transport.close();
  }
  return { claimed: claimed.length, sent, failed };
}

/**
 * Send queued mail every `everyMs` (draining full batches). Several instances may run it: rows are
 * claimed with `for update skip locked`. The returned stop waits for a pass in progress.
 */
export function startMailWorker(
  database: Database,
  cfg: MailConfig,
  everyMs = 10_000,
  log: (m: string) => void = () => {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = async () => {
    try {
      for (let i = 0; i < 50 && !stopped; i++) {
        const r = await deliverMail(database, cfg, { log });
        if (r.claimed < 20 || r.failed) break;
      }
    } catch (e) {
      log(`mail delivery failed: ${errorSummary(e)}`);
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = pass().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
