CREATE TABLE "assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"source" text DEFAULT 'decision' NOT NULL,
	"meeting_id" uuid,
	"decision_id" uuid,
	"exercise_id" uuid,
	"title" text NOT NULL,
	"executor_body_id" uuid NOT NULL,
	"co_executor_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"controller_body_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"original_deadline" date NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"reported_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reminded_before_at" timestamp with time zone,
	"reminded_due_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"escalated_to_body_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignment_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"assignment_id" uuid NOT NULL,
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
CREATE TABLE "assignment_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"event_id" bigint,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"agenda_index" integer DEFAULT 0 NOT NULL,
	"text" text NOT NULL,
	"executor_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"co_executor_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"controller_body_id" uuid,
	"deadline" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"chair_name" text DEFAULT '' NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"protocol_year" integer,
	"protocol_number" integer,
	"signed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_owner_body_id_body_id_fk" FOREIGN KEY ("owner_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_decision_id_decision_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_executor_body_id_body_id_fk" FOREIGN KEY ("executor_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_controller_body_id_body_id_fk" FOREIGN KEY ("controller_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment" ADD CONSTRAINT "assignment_escalated_to_body_id_body_id_fk" FOREIGN KEY ("escalated_to_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_event" ADD CONSTRAINT "assignment_event_assignment_id_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_file" ADD CONSTRAINT "assignment_file_assignment_id_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_controller_body_id_body_id_fk" FOREIGN KEY ("controller_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_executor_idx" ON "assignment" USING btree ("executor_body_id","status");--> statement-breakpoint
CREATE INDEX "assignment_open_deadline_idx" ON "assignment" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "assignment_territory_idx" ON "assignment" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assignment_meeting_idx" ON "assignment" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "assignment_event_assignment_idx" ON "assignment_event" USING btree ("assignment_id","id");--> statement-breakpoint
CREATE INDEX "assignment_file_assignment_idx" ON "assignment_file" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "decision_meeting_idx" ON "decision" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_body_idx" ON "meeting" USING btree ("body_id","held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_protocol_uq" ON "meeting" USING btree ("body_id","protocol_year","protocol_number");--> statement-breakpoint
CREATE INDEX "meeting_territory_idx" ON "meeting" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","id");