CREATE TABLE "measure_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"owner_body_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"category" text NOT NULL,
	"subtype" text NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"outcome" text NOT NULL,
	"figures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reported_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "measure_report" ADD CONSTRAINT "measure_report_measure_id_plan_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."plan_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_report" ADD CONSTRAINT "measure_report_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "measure_report_measure_quarter_uq" ON "measure_report" USING btree ("measure_id","year","quarter");--> statement-breakpoint
CREATE INDEX "measure_report_rollup_idx" ON "measure_report" USING btree ("year","quarter","territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "measure_report_plan_idx" ON "measure_report" USING btree ("plan_id","year","quarter");--> statement-breakpoint
CREATE INDEX "plan_year_territory_idx" ON "plan" USING btree ("year","territory_path" text_pattern_ops);