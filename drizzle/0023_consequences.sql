CREATE TABLE "consequence_activation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"activator_body_id" uuid NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"operation_id" uuid,
	"operation_number" text,
	"incident_id" uuid,
	"incident_number" text,
	"plans" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"activated_by" uuid NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "consequence_activation_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "consequence_beds" (
	"body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"profile" text NOT NULL,
	"total" integer NOT NULL,
	"free" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consequence_beds_body_id_profile_pk" PRIMARY KEY("body_id","profile")
);
--> statement-breakpoint
CREATE TABLE "consequence_force" (
	"body_id" uuid PRIMARY KEY NOT NULL,
	"duty_contacts" jsonb NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"personnel" integer,
	"means" jsonb NOT NULL,
	"readiness" text,
	"readiness_confirmed_at" timestamp with time zone,
	"answers_to_body_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"plan_task_id" uuid,
	"position" integer NOT NULL,
	"main_task" text NOT NULL,
	"activity" text NOT NULL,
	"title" text NOT NULL,
	"body_id" uuid NOT NULL,
	"norm_minutes" integer NOT NULL,
	"means" jsonb NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"blocked_reason" text DEFAULT '' NOT NULL,
	"accepted_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"scenario" text,
	"object_id" uuid,
	"forecast" jsonb NOT NULL,
	"review_date" date,
	"version_no" integer DEFAULT 1 NOT NULL,
	"decision_id" uuid,
	"decision_number" text,
	"approved_at" timestamp with time zone,
	"copied_from_id" uuid,
	"review_notified_for" date,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_plan_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"main_task" text NOT NULL,
	"activity" text NOT NULL,
	"title" text NOT NULL,
	"responsible_body_id" uuid,
	"norm_minutes" integer NOT NULL,
	"means" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_plan_version" (
	"plan_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"decision_id" uuid NOT NULL,
	"decision_number" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"by_name" text NOT NULL,
	CONSTRAINT "consequence_plan_version_plan_id_version_no_pk" PRIMARY KEY("plan_id","version_no")
);
--> statement-breakpoint
CREATE TABLE "consequence_readiness" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"body_id" uuid NOT NULL,
	"readiness" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_user" uuid,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"means" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"en_route_at" timestamp with time zone,
	"on_site_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consequence_task_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threat_measure" (
	"key" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"from_level" text NOT NULL,
	"kinds" jsonb NOT NULL,
	"basis" jsonb NOT NULL,
	"name_kk" text,
	"name_ru" text,
	"name_en" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "territory" ADD COLUMN "lon" double precision;--> statement-breakpoint
ALTER TABLE "territory" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "measure_names" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "done" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "escalated_to_body_id" uuid;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD COLUMN "closed_by_declaration_id" uuid;--> statement-breakpoint
ALTER TABLE "consequence_activation" ADD CONSTRAINT "consequence_activation_activator_body_id_body_id_fk" FOREIGN KEY ("activator_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_activation" ADD CONSTRAINT "consequence_activation_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_beds" ADD CONSTRAINT "consequence_beds_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_force" ADD CONSTRAINT "consequence_force_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_force" ADD CONSTRAINT "consequence_force_answers_to_body_id_body_id_fk" FOREIGN KEY ("answers_to_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_task" ADD CONSTRAINT "consequence_task_activation_id_consequence_activation_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."consequence_activation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_task" ADD CONSTRAINT "consequence_task_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_plan" ADD CONSTRAINT "consequence_plan_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_plan" ADD CONSTRAINT "consequence_plan_owner_body_id_body_id_fk" FOREIGN KEY ("owner_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_plan_task" ADD CONSTRAINT "consequence_plan_task_plan_id_consequence_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."consequence_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_plan_task" ADD CONSTRAINT "consequence_plan_task_responsible_body_id_body_id_fk" FOREIGN KEY ("responsible_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_plan_version" ADD CONSTRAINT "consequence_plan_version_plan_id_consequence_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."consequence_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_readiness" ADD CONSTRAINT "consequence_readiness_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_request" ADD CONSTRAINT "consequence_request_activation_id_consequence_activation_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."consequence_activation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_request" ADD CONSTRAINT "consequence_request_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consequence_task_event" ADD CONSTRAINT "consequence_task_event_task_id_consequence_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."consequence_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_file" ADD CONSTRAINT "incident_file_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_file" ADD CONSTRAINT "incident_file_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consequence_activation_path_idx" ON "consequence_activation" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "consequence_activation_activator_idx" ON "consequence_activation" USING btree ("activator_body_id");--> statement-breakpoint
CREATE INDEX "consequence_activation_operation_idx" ON "consequence_activation" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "consequence_beds_path_idx" ON "consequence_beds" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "consequence_force_answers_idx" ON "consequence_force" USING btree ("answers_to_body_id");--> statement-breakpoint
CREATE INDEX "consequence_task_activation_idx" ON "consequence_task" USING btree ("activation_id","position");--> statement-breakpoint
CREATE INDEX "consequence_task_body_idx" ON "consequence_task" USING btree ("body_id","status");--> statement-breakpoint
CREATE INDEX "consequence_task_open_deadline_idx" ON "consequence_task" USING btree ("deadline") WHERE "consequence_task"."status" <> 'done' and "consequence_task"."escalated_at" is null;--> statement-breakpoint
CREATE INDEX "consequence_plan_path_idx" ON "consequence_plan" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "consequence_plan_owner_idx" ON "consequence_plan" USING btree ("owner_body_id");--> statement-breakpoint
CREATE INDEX "consequence_plan_review_idx" ON "consequence_plan" USING btree ("review_date");--> statement-breakpoint
CREATE INDEX "consequence_plan_task_plan_idx" ON "consequence_plan_task" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "consequence_plan_task_body_idx" ON "consequence_plan_task" USING btree ("responsible_body_id");--> statement-breakpoint
CREATE INDEX "consequence_readiness_body_idx" ON "consequence_readiness" USING btree ("body_id","id");--> statement-breakpoint
CREATE INDEX "consequence_request_activation_idx" ON "consequence_request" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "consequence_request_body_idx" ON "consequence_request" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "consequence_task_event_task_idx" ON "consequence_task_event" USING btree ("task_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_file_content_uq" ON "incident_file" USING btree ("incident_id","sha256");--> statement-breakpoint
CREATE INDEX "incident_file_uploaded_by_idx" ON "incident_file" USING btree ("uploaded_by");--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD CONSTRAINT "threat_level_task_escalated_to_body_id_body_id_fk" FOREIGN KEY ("escalated_to_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "threat_level_task_open_due_idx" ON "threat_level_task" USING btree ("due_at") WHERE "threat_level_task"."confirmed_at" is null and "threat_level_task"."closed_at" is null and "threat_level_task"."escalated_at" is null;