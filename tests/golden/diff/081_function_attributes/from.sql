CREATE FUNCTION public.safe_div(a numeric, b numeric) RETURNS numeric LANGUAGE sql
    AS $$ SELECT a / NULLIF(b, 0) $$;
CREATE FUNCTION public.current_tenant() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.tenant', true) $$;
CREATE FUNCTION public.int_eq(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT a = b $$;
CREATE FUNCTION public.slow_sum(n integer) RETURNS bigint LANGUAGE sql
    AS $$ SELECT sum(g) FROM generate_series(1, n) g $$;
