CREATE TABLE "operation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"goals" jsonb NOT NULL,
	"zone_territories" jsonb NOT NULL,
	"zone_area" jsonb,
	"regime_started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"commanding_hq_id" uuid NOT NULL,
	"commanding_hq_path" text NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"lessons" text DEFAULT '' NOT NULL,
	"investigating_body" text,
	"case_number" text,
	"referral_date" date,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operation_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "operation_command" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"hq_body_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"by_user" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_force" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operation_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"en_route_at" timestamp with time zone,
	"on_site_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"entry_type" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"body_id" uuid
);
--> statement-breakpoint
ALTER TABLE "incident" ADD COLUMN "operation_id" uuid;--> statement-breakpoint
ALTER TABLE "operation" ADD CONSTRAINT "operation_commanding_hq_id_body_id_fk" FOREIGN KEY ("commanding_hq_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_command" ADD CONSTRAINT "operation_command_operation_id_operation_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_command" ADD CONSTRAINT "operation_command_hq_body_id_body_id_fk" FOREIGN KEY ("hq_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_force" ADD CONSTRAINT "operation_force_operation_id_operation_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_force" ADD CONSTRAINT "operation_force_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_log" ADD CONSTRAINT "operation_log_operation_id_operation_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operation_hq_path_idx" ON "operation" USING btree ("commanding_hq_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "operation_status_idx" ON "operation" USING btree ("status");--> statement-breakpoint
CREATE INDEX "operation_command_op_idx" ON "operation_command" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "operation_force_op_idx" ON "operation_force" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "operation_force_body_idx" ON "operation_force" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "operation_log_op_idx" ON "operation_log" USING btree ("operation_id","id");