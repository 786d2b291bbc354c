CREATE TABLE "measure_rollup" (
	"plan_id" uuid NOT NULL,
	"territory_path" text NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"category" text NOT NULL,
	"subtype" text NOT NULL,
	"expected" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"partial" integer DEFAULT 0 NOT NULL,
	"not_done" integer DEFAULT 0 NOT NULL,
	"first_reported_at" timestamp with time zone,
	CONSTRAINT "measure_rollup_plan_id_quarter_category_subtype_pk" PRIMARY KEY("plan_id","quarter","category","subtype")
);
--> statement-breakpoint
DROP INDEX "plan_measure_plan_idx";--> statement-breakpoint
ALTER TABLE "measure_rollup" ADD CONSTRAINT "measure_rollup_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measure_rollup_idx" ON "measure_rollup" USING btree ("year","quarter","territory_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "plan_measure_plan_idx" ON "plan_measure" USING btree ("plan_id","created_at");--> statement-breakpoint
-- Backfill the read model for plans that exist (same statement as rebuildRollup in rollup.service.ts).
INSERT INTO measure_rollup (plan_id, territory_path, year, quarter, category, subtype, expected, done, partial, not_done)
SELECT p.id, p.territory_path, p.year, q.q, m.category, m.subtype, count(*),
       count(r.id) FILTER (WHERE r.outcome = 'done'),
       count(r.id) FILTER (WHERE r.outcome = 'partial'),
       count(r.id) FILTER (WHERE r.outcome = 'not_done')
FROM plan p
JOIN plan_measure m ON m.plan_id = p.id
CROSS JOIN generate_series(1, 4) AS q(q)
LEFT JOIN measure_report r ON r.measure_id = m.id AND r.year = p.year AND r.quarter = q.q
WHERE m.periodicity <> 'once' OR (m.deadline IS NULL AND q.q = 4) OR extract(quarter FROM m.deadline) = q.q
GROUP BY p.id, p.territory_path, p.year, q.q, m.category, m.subtype;--> statement-breakpoint
UPDATE measure_rollup ru SET first_reported_at = f.first
FROM (SELECT plan_id, quarter, min(reported_at) AS first FROM measure_report GROUP BY 1, 2) f
WHERE ru.plan_id = f.plan_id AND ru.quarter = f.quarter;
