-- Resolved sessions are held in each instance's memory (modules/auth/auth.service.ts); every
-- instance hears of a change to who may do what through NOTIFY on commit, whoever writes: the user's
-- id (a JSON string) when their account, grants or a session of theirs changes; "*" (everyone) when
-- territories change (grants carry territory paths) or a table is truncated.
CREATE OR REPLACE FUNCTION access_changed_notify() RETURNS trigger AS $$
DECLARE
  uid text;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('qorgan_access_changed', '"*"');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'app_user' THEN
    uid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSE
    uid := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
    IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
      PERFORM pg_notify('qorgan_access_changed', to_json(OLD.user_id::text)::text);
    END IF;
  END IF;
  PERFORM pg_notify('qorgan_access_changed', to_json(uid)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER access_changed_user AFTER UPDATE OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_grant AFTER INSERT OR UPDATE OR DELETE ON role_grant
  FOR EACH ROW EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_session AFTER DELETE OR UPDATE OF token_hash, user_id, expires_at ON session
  FOR EACH ROW EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_truncate AFTER TRUNCATE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_grant_truncate AFTER TRUNCATE ON role_grant
  FOR EACH STATEMENT EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_session_truncate AFTER TRUNCATE ON session
  FOR EACH STATEMENT EXECUTE FUNCTION access_changed_notify();--> statement-breakpoint
CREATE TRIGGER access_changed_territory AFTER UPDATE OR DELETE OR TRUNCATE ON territory
  FOR EACH STATEMENT EXECUTE FUNCTION access_changed_notify();
