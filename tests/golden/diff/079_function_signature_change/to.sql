CREATE FUNCTION public.greet(name text, greeting text DEFAULT 'Hello') RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT greeting || ' ' || name $$;
CREATE FUNCTION public.price_with_vat(price numeric) RETURNS numeric(12,2) LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(price * 1.2, 2) $$;
