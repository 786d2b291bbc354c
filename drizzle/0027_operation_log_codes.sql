ALTER TABLE "operation_log" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "operation_log" ADD COLUMN "params" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- System entries written before as English text become codes (shown in the reader's language).
UPDATE "operation_log" SET "entry_type" = 'system', "code" = 'declared', "text" = '' WHERE "entry_type" = 'command_decision' AND "text" = 'declared';--> statement-breakpoint
UPDATE "operation_log" SET "entry_type" = 'system', "code" = 'command_taken_over', "text" = '' WHERE "entry_type" = 'command_decision' AND "text" = 'command taken over';--> statement-breakpoint
UPDATE "operation_log" SET "entry_type" = 'system', "code" = 'ended', "text" = '' WHERE "entry_type" = 'command_decision' AND "text" = 'regime lifted, operation ended';--> statement-breakpoint
UPDATE "operation_log" SET "entry_type" = 'system', "code" = 'forces_requested', "text" = '' WHERE "entry_type" = 'forces_movement' AND "text" = 'forces requested';--> statement-breakpoint
UPDATE "operation_log" SET "entry_type" = 'system', "code" = 'forces_status', "params" = jsonb_build_object('status', substr("text", 8)), "text" = '' WHERE "entry_type" = 'forces_movement' AND "text" IN ('forces en_route', 'forces on_site', 'forces released');
