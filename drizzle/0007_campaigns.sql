CREATE TABLE "incident_campaign" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"type" text NOT NULL,
	"signature" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_report_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"closed_by" text,
	CONSTRAINT "incident_campaign_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "incident" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
CREATE INDEX "incident_campaign_idx" ON "incident" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "incident_description_trgm_idx" ON "incident" USING gin ("description" gin_trgm_ops);