CREATE FUNCTION public.safe_div(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a / NULLIF(b, 0) $$;
CREATE FUNCTION public.current_tenant() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT current_setting('app.tenant', true) $$;
CREATE FUNCTION public.int_eq(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE LEAKPROOF
    AS $$ SELECT a = b $$;
CREATE FUNCTION public.slow_sum(n integer) RETURNS bigint LANGUAGE sql STABLE COST 1000
    SET work_mem = '64MB'
    AS $$ SELECT sum(g) FROM generate_series(1, n) g $$;
