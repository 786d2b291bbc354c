import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * E-mail waiting to be sent (transactional outbox): a row is written in the transaction that writes
 * the in-app notification, a worker sends it after commit, retries with backoff and marks it sent.
 * `to_address` is personal data; it follows the user's address while the mail is unsent.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The recipient account (auth module); no foreign key: mail sits below auth, which queues into it. */
    userId: uuid("user_id"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    /** Why: a notification kind (deadline_near, deadline_passed, escalated). */
    kind: text("kind").notNull(),
    entityType: text("entity_type"),
    entityId: uuid("entity_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Not before: backoff after a failure, or the lease of the worker sending it now. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.sentAt} is null`),
    index("mail_outbox_user_idx").on(t.userId),
  ],
);
