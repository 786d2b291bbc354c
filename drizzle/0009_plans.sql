CREATE TABLE "plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"decision_ref" text,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_measure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"category" text NOT NULL,
	"subtype" text NOT NULL,
	"title" text NOT NULL,
	"responsible_body_id" uuid NOT NULL,
	"co_executor_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"partner_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" date,
	"periodicity" text DEFAULT 'once' NOT NULL,
	"indicators" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_body_id_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_measure" ADD CONSTRAINT "plan_measure_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_measure" ADD CONSTRAINT "plan_measure_responsible_body_id_body_id_fk" FOREIGN KEY ("responsible_body_id") REFERENCES "public"."body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_body_year_uq" ON "plan" USING btree ("body_id","year");--> statement-breakpoint
CREATE INDEX "plan_measure_plan_idx" ON "plan_measure" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_measure_responsible_idx" ON "plan_measure" USING btree ("responsible_body_id");