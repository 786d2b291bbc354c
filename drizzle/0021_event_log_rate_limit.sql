CREATE TABLE "event_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hit" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Append events to the log and return their ids and texts, for platform/events.ts to NOTIFY (one
-- statement, so intake can run it after its audit insert). The lock given (the audit chain's, which
-- every publisher takes anyway) is held until commit: ids are taken in commit order, so a reader that
-- has seen id N has seen every event before it, and replays from N lose nothing.
CREATE FUNCTION event_log_append(lock_key bigint, ch text, payloads jsonb)
  RETURNS TABLE (event_id bigint, event_payload text)
  LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(lock_key);
  INSERT INTO event_log (channel, payload)
    SELECT ch, n.p::jsonb FROM jsonb_array_elements_text(payloads) WITH ORDINALITY AS n(p, ord) ORDER BY n.ord
    RETURNING id, payload::text;
$$;
