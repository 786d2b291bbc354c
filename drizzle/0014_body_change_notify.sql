-- The embedded read model of the registry (modules/registry/body-index.ts) hears of every change to
-- bodies and territories through NOTIFY on commit, whoever writes (API, seed, import, plain SQL).
-- Payload: the changed body ids as a comma-separated list, or '*' (reload everything) for large
-- statements and for territory changes (names and paths shown with every body).
CREATE OR REPLACE FUNCTION body_changed_notify() RETURNS trigger AS $$
DECLARE
  ids text;
  n int;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT count(*), string_agg(id::text, ',') INTO n, ids FROM (SELECT id FROM old_rows LIMIT 101) s;
  ELSE
    SELECT count(*), string_agg(id::text, ',') INTO n, ids FROM (SELECT id FROM new_rows LIMIT 101) s;
  END IF;
  IF n > 0 THEN
    PERFORM pg_notify('qorgan_body_changed', CASE WHEN n > 100 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER body_changed_ins AFTER INSERT ON body REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION body_changed_notify();--> statement-breakpoint
CREATE TRIGGER body_changed_upd AFTER UPDATE ON body REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION body_changed_notify();--> statement-breakpoint
CREATE TRIGGER body_changed_del AFTER DELETE ON body REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION body_changed_notify();--> statement-breakpoint
CREATE OR REPLACE FUNCTION territory_changed_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('qorgan_body_changed', '*');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER territory_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON territory
  FOR EACH STATEMENT EXECUTE FUNCTION territory_changed_notify();
