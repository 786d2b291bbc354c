CREATE TABLE "threat_level_declaration" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"action" text NOT NULL,
	"level" text,
	"territories" jsonb NOT NULL,
	"territory_paths" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"grounds" text NOT NULL,
	"announcement_kk" text NOT NULL,
	"announcement_ru" text NOT NULL,
	"announcement_en" text DEFAULT '' NOT NULL,
	"decision_ref" text DEFAULT '' NOT NULL,
	"supersedes_id" uuid,
	"body_id" uuid,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "threat_level_declaration_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "threat_level_transition" (
	"declaration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "threat_level_transition_declaration_id_kind_pk" PRIMARY KEY("declaration_id","kind")
);
--> statement-breakpoint
ALTER TABLE "threat_level_declaration" ADD CONSTRAINT "threat_level_declaration_supersedes_id_threat_level_declaration_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."threat_level_declaration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_level_declaration" ADD CONSTRAINT "threat_level_declaration_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_level_transition" ADD CONSTRAINT "threat_level_transition_declaration_id_threat_level_declaration_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."threat_level_declaration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "threat_level_declaration_supersedes_idx" ON "threat_level_declaration" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "threat_level_declaration_body_idx" ON "threat_level_declaration" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "threat_level_declaration_created_idx" ON "threat_level_declaration" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "threat_level_declaration_ends_idx" ON "threat_level_declaration" USING btree ("ends_at") WHERE "threat_level_declaration"."ends_at" is not null;