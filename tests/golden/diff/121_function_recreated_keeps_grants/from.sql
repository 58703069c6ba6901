DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION public.score(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT v * 2 $$;
REVOKE EXECUTE ON FUNCTION public.score(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.score(integer) TO confiture_app_writer;
COMMENT ON FUNCTION public.score(integer) IS 'Doubles';
