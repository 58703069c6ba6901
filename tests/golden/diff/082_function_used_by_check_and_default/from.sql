CREATE FUNCTION public.is_valid_sku(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s ~ '^[A-Z]{3}-\d+$' $$;
CREATE FUNCTION public.new_sku() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'SKU-' || (random() * 1000)::int $$;
CREATE TABLE public.items (
    id integer PRIMARY KEY,
    sku text NOT NULL DEFAULT public.new_sku() CONSTRAINT items_sku_check CHECK (public.is_valid_sku(sku))
);
