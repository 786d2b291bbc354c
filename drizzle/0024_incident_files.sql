CREATE TABLE "object_drill" (
	"object_id" uuid NOT NULL,
	"exercise_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"object_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"kind" text NOT NULL,
	"inspector_kind" text NOT NULL,
	"inspector_body_id" uuid NOT NULL,
	"date" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "object_list_change" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" uuid NOT NULL,
	"object_id" uuid NOT NULL,
	"change" text NOT NULL,
	"grounds" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_list_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"number" integer NOT NULL,
	"decision_id" uuid NOT NULL,
	"decision_number" text NOT NULL,
	"grounds" text DEFAULT '' NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "object_passport" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"object_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"sections" jsonb NOT NULL,
	"category" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"remarks" text DEFAULT '' NOT NULL,
	"valid_until" date,
	"scan_filename" text,
	"scan_mime" text,
	"scan_size" integer,
	"scan" "bytea",
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_passport_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"passport_id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_programme" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"budget" bigint DEFAULT 0 NOT NULL,
	"decision_id" uuid,
	"decision_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_programme_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"object_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"equipment" text NOT NULL,
	"planned" bigint DEFAULT 0 NOT NULL,
	"spent" bigint DEFAULT 0 NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vulnerable_object" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_kk" text NOT NULL,
	"name_ru" text NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"territory_code" text NOT NULL,
	"territory_path" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"category" text NOT NULL,
	"sector" text DEFAULT '' NOT NULL,
	"attendance" integer DEFAULT 0 NOT NULL,
	"staff" integer DEFAULT 0 NOT NULL,
	"responsible_name" text DEFAULT '' NOT NULL,
	"responsible_phone" text DEFAULT '' NOT NULL,
	"responsible_email" text DEFAULT '' NOT NULL,
	"police_body_id" uuid,
	"listed" boolean DEFAULT false NOT NULL,
	"passport_status" text,
	"passport_valid_until" date,
	"passport_category" text,
	"gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"search_text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "object_drill" ADD CONSTRAINT "object_drill_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_inspection" ADD CONSTRAINT "object_inspection_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_inspection" ADD CONSTRAINT "object_inspection_inspector_body_id_body_id_fk" FOREIGN KEY ("inspector_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_list_change" ADD CONSTRAINT "object_list_change_version_id_object_list_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."object_list_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_list_change" ADD CONSTRAINT "object_list_change_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_list_version" ADD CONSTRAINT "object_list_version_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_passport" ADD CONSTRAINT "object_passport_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_passport_event" ADD CONSTRAINT "object_passport_event_passport_id_object_passport_id_fk" FOREIGN KEY ("passport_id") REFERENCES "public"."object_passport"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_programme" ADD CONSTRAINT "object_programme_owner_body_id_body_id_fk" FOREIGN KEY ("owner_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_programme" ADD CONSTRAINT "object_programme_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_programme_item" ADD CONSTRAINT "object_programme_item_programme_id_object_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."object_programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_programme_item" ADD CONSTRAINT "object_programme_item_object_id_vulnerable_object_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."vulnerable_object"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_object" ADD CONSTRAINT "vulnerable_object_owner_body_id_body_id_fk" FOREIGN KEY ("owner_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_object" ADD CONSTRAINT "vulnerable_object_territory_code_territory_code_fk" FOREIGN KEY ("territory_code") REFERENCES "public"."territory"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_object" ADD CONSTRAINT "vulnerable_object_police_body_id_body_id_fk" FOREIGN KEY ("police_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "object_drill_uq" ON "object_drill" USING btree ("object_id","exercise_id");--> statement-breakpoint
CREATE INDEX "object_drill_exercise_idx" ON "object_drill" USING btree ("exercise_id");--> statement-breakpoint
CREATE INDEX "object_inspection_object_idx" ON "object_inspection" USING btree ("object_id","date");--> statement-breakpoint
CREATE INDEX "object_inspection_inspector_idx" ON "object_inspection" USING btree ("inspector_body_id");--> statement-breakpoint
CREATE INDEX "object_inspection_path_idx" ON "object_inspection" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "object_list_change_version_idx" ON "object_list_change" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "object_list_change_object_idx" ON "object_list_change" USING btree ("object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "object_list_version_uq" ON "object_list_version" USING btree ("territory_code","number");--> statement-breakpoint
CREATE INDEX "object_list_version_path_idx" ON "object_list_version" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "object_passport_number_uq" ON "object_passport" USING btree ("object_id","number");--> statement-breakpoint
CREATE INDEX "object_passport_event_passport_idx" ON "object_passport_event" USING btree ("passport_id","id");--> statement-breakpoint
CREATE INDEX "object_programme_owner_idx" ON "object_programme" USING btree ("owner_body_id");--> statement-breakpoint
CREATE INDEX "object_programme_territory_idx" ON "object_programme" USING btree ("territory_code");--> statement-breakpoint
CREATE INDEX "object_programme_path_idx" ON "object_programme" USING btree ("year","territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "object_programme_item_programme_idx" ON "object_programme_item" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "object_programme_item_object_idx" ON "object_programme_item" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "object_programme_item_path_idx" ON "object_programme_item" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "vulnerable_object_owner_idx" ON "vulnerable_object" USING btree ("owner_body_id");--> statement-breakpoint
CREATE INDEX "vulnerable_object_police_idx" ON "vulnerable_object" USING btree ("police_body_id");--> statement-breakpoint
CREATE INDEX "vulnerable_object_territory_idx" ON "vulnerable_object" USING btree ("territory_code");--> statement-breakpoint
CREATE INDEX "vulnerable_object_path_idx" ON "vulnerable_object" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "vulnerable_object_search_trgm_idx" ON "vulnerable_object" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vulnerable_object_geo_idx" ON "vulnerable_object" USING btree ("lat","lon");