CREATE TABLE "exercise" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"scenario" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"setting" text,
	"audience" text,
	"audience_detail" text DEFAULT '' NOT NULL,
	"date" date NOT NULL,
	"participant_body_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_participants" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"actual_participants" integer,
	"results" text DEFAULT '' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exercise" ADD CONSTRAINT "exercise_owner_body_id_body_id_fk" FOREIGN KEY ("owner_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exercise_date_idx" ON "exercise" USING btree ("date");--> statement-breakpoint
CREATE INDEX "exercise_territory_idx" ON "exercise" USING btree ("territory_path" text_pattern_ops);