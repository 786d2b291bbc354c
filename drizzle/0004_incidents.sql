CREATE SEQUENCE "public"."incident_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "incident" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reg_number" text NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"offshore" boolean DEFAULT false NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"description" text NOT NULL,
	"casualties" integer,
	"reporter_contact" text DEFAULT '' NOT NULL,
	"reporter_body_id" uuid NOT NULL,
	"reporter_user_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"hq_body_id" uuid NOT NULL,
	"hq_territory_path" text NOT NULL,
	"ack_deadline" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"close_reason" text,
	"handed_over_to" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_reg_number_unique" UNIQUE("reg_number")
);
--> statement-breakpoint
CREATE TABLE "incident_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_reporter_body_id_body_id_fk" FOREIGN KEY ("reporter_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_reporter_user_id_app_user_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_hq_body_id_body_id_fk" FOREIGN KEY ("hq_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_event" ADD CONSTRAINT "incident_event_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_idempotency_uq" ON "incident" USING btree ("reporter_user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "incident_territory_path_idx" ON "incident" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "incident_hq_path_idx" ON "incident" USING btree ("hq_territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "incident_reporter_body_idx" ON "incident" USING btree ("reporter_body_id");--> statement-breakpoint
CREATE INDEX "incident_status_idx" ON "incident" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "incident_event_incident_idx" ON "incident_event" USING btree ("incident_id","id");