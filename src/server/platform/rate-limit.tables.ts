import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Request counters shared by every instance (platform/rate-limit-store.ts): one row per limited key
 * (route and client address), counting the hits of its current window.
 */
export const rateLimitHit = pgTable("rate_limit_hit", {
  key: text("key").primaryKey(),
  hits: integer("hits").notNull(),
  resetAt: timestamp("reset_at", { withTimezone: true }).notNull(),
});
