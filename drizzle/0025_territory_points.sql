CREATE TABLE "affected_person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"activation_id" uuid,
	"territory_path" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"severity" text,
	"hospital_body_id" uuid,
	"iin_hash" text,
	"iin_enc" text,
	"name_enc" text,
	"birth_date_enc" text,
	"contacts_enc" text,
	"name_birth_hash" text,
	"merged_into_id" uuid,
	"closed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "affected_person_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"incident_id" uuid,
	"activation_id" uuid,
	"until" timestamp with time zone NOT NULL,
	"granted_by" uuid NOT NULL,
	"granted_by_name" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "affected_person_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"body_id" uuid,
	"status" text,
	"severity" text,
	"hospital_body_id" uuid,
	"help_type" text,
	"stage" text,
	"harm" text,
	"amount" bigint,
	"outcome" text,
	"reference" text DEFAULT '' NOT NULL,
	"details_enc" text,
	"merged_from" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "affected_person_match" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"missing_id" uuid NOT NULL,
	"found_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "affected_person" ADD CONSTRAINT "affected_person_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person" ADD CONSTRAINT "affected_person_hospital_body_id_body_id_fk" FOREIGN KEY ("hospital_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_access" ADD CONSTRAINT "affected_person_access_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_access" ADD CONSTRAINT "affected_person_access_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_access" ADD CONSTRAINT "affected_person_access_granted_by_app_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_entry" ADD CONSTRAINT "affected_person_entry_person_id_affected_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."affected_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_entry" ADD CONSTRAINT "affected_person_entry_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_entry" ADD CONSTRAINT "affected_person_entry_hospital_body_id_body_id_fk" FOREIGN KEY ("hospital_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_match" ADD CONSTRAINT "affected_person_match_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_match" ADD CONSTRAINT "affected_person_match_missing_id_affected_person_id_fk" FOREIGN KEY ("missing_id") REFERENCES "public"."affected_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_person_match" ADD CONSTRAINT "affected_person_match_found_id_affected_person_id_fk" FOREIGN KEY ("found_id") REFERENCES "public"."affected_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affected_person_incident_idx" ON "affected_person" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "affected_person_activation_idx" ON "affected_person" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "affected_person_territory_idx" ON "affected_person" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "affected_person_iin_hash_idx" ON "affected_person" USING btree ("iin_hash");--> statement-breakpoint
CREATE INDEX "affected_person_name_birth_idx" ON "affected_person" USING btree ("incident_id","name_birth_hash");--> statement-breakpoint
CREATE INDEX "affected_person_hospital_idx" ON "affected_person" USING btree ("hospital_body_id");--> statement-breakpoint
CREATE INDEX "affected_person_closed_idx" ON "affected_person" USING btree ("closed_at") WHERE "affected_person"."closed_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "affected_person_case_iin_uq" ON "affected_person" USING btree ("incident_id","iin_hash") WHERE "affected_person"."iin_hash" is not null and "affected_person"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "affected_person_access_user_idx" ON "affected_person_access" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "affected_person_access_incident_idx" ON "affected_person_access" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "affected_person_access_granted_by_idx" ON "affected_person_access" USING btree ("granted_by");--> statement-breakpoint
CREATE INDEX "affected_person_access_activation_idx" ON "affected_person_access" USING btree ("activation_id");--> statement-breakpoint
CREATE INDEX "affected_person_entry_person_idx" ON "affected_person_entry" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "affected_person_entry_body_idx" ON "affected_person_entry" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "affected_person_entry_hospital_idx" ON "affected_person_entry" USING btree ("hospital_body_id");--> statement-breakpoint
CREATE INDEX "affected_person_match_incident_idx" ON "affected_person_match" USING btree ("incident_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "affected_person_match_pair_uq" ON "affected_person_match" USING btree ("missing_id","found_id");--> statement-breakpoint
CREATE INDEX "affected_person_match_found_idx" ON "affected_person_match" USING btree ("found_id");