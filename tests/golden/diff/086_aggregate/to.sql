CREATE FUNCTION public.concat_step(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN acc IS NULL THEN v ELSE acc || ',' || v END $$;
CREATE AGGREGATE public.comma_join(text) (SFUNC = public.concat_step, STYPE = text);
CREATE FUNCTION public.product_step(acc numeric, v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT acc * v $$;
CREATE AGGREGATE public.product(numeric) (SFUNC = public.product_step, STYPE = numeric, INITCOND = '1');
