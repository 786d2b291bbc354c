-- As 0003 for word similarity: the planner takes pg_trgm's similarity operator (%) for nearly free and,
-- looking for the peers of a report (wave grouping), filters every open report with it instead of
-- asking the description's GIN index (10 ms → well under 1 ms per report with a thousand open).
DO $$
BEGIN
  ALTER FUNCTION similarity_op(text, text) COST 200;
  ALTER FUNCTION similarity(text, text) COST 200;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm operator costs not changed (not the owner)';
END $$;
