CREATE TYPE public.money_amount AS (amount numeric(12,2), currency char(3));
CREATE TABLE public.shipments (id integer PRIMARY KEY, cost public.money_amount);
CREATE FUNCTION public.in_cents(m public.money_amount) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT (m.amount * 100)::bigint $$;
