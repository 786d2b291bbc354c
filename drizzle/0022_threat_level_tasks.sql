CREATE TABLE "threat_level_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"measures" jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"confirmed_by_name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD CONSTRAINT "threat_level_task_declaration_id_threat_level_declaration_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."threat_level_declaration"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_level_task" ADD CONSTRAINT "threat_level_task_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "threat_level_task_decl_body_idx" ON "threat_level_task" USING btree ("declaration_id","body_id");--> statement-breakpoint
CREATE INDEX "threat_level_task_body_idx" ON "threat_level_task" USING btree ("body_id");