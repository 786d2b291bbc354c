ALTER TABLE "body" ADD COLUMN "territory_path" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "body_territory_path_idx" ON "body" USING btree ("territory_path" text_pattern_ops);--> statement-breakpoint
-- Keep body.territory_path equal to its territory's path (scope filters without a join).
CREATE OR REPLACE FUNCTION body_set_territory_path() RETURNS trigger AS $$
BEGIN
  SELECT path INTO NEW.territory_path FROM territory WHERE code = NEW.territory_code;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER body_territory_path BEFORE INSERT OR UPDATE OF territory_code ON body
  FOR EACH ROW EXECUTE FUNCTION body_set_territory_path();--> statement-breakpoint
UPDATE body SET territory_path = t.path FROM territory t WHERE t.code = body.territory_code;
