import { bigserial, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every event published (platform/events.ts), numbered in commit order: the id a live stream sends as
 * its SSE `id:` and replays from when a reader comes back with `Last-Event-ID`. Written in the
 * transaction that makes the change, next to its NOTIFY (which stays the live path); kept for
 * QORGAN_EVENT_RETENTION_HOURS (platform/event-log.ts purges).
 */
export const eventLog = pgTable("event_log", {
  id: bigserial("id", { mode: "bigint" }).primaryKey(),
  channel: text("channel").notNull(),
  payload: jsonb("payload").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});
