CREATE FUNCTION public.concat_step(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN acc IS NULL THEN v ELSE acc || ',' || v END $$;
