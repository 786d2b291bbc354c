-- The planner underestimates pg_trgm's word-similarity operators (<%, %>) and prefers a sequential
-- scan computing them for every row (~180 ms on 10,000 bodies) over the GIN index (~10 ms).
-- Tell it what they cost. Needs ownership of the extension's functions; skipped quietly without it.
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 200;
  ALTER FUNCTION word_similarity_commutator_op(text, text) COST 200;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm operator costs not changed (not the owner)';
END $$;
