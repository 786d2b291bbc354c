ALTER TABLE "consequence_request" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consequence_request" ADD COLUMN "commit_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "consequence_request" ADD COLUMN "eta" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operation_force" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operation_force" ADD COLUMN "commit_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "operation_force" ADD COLUMN "eta" timestamp with time zone;