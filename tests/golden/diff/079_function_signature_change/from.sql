CREATE FUNCTION public.greet(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'Hello ' || name $$;
CREATE FUNCTION public.price_with_vat(price numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT price * 1.2 $$;
