CREATE FUNCTION public.valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(c) = 4 $$;
CREATE TABLE public.coupons (id integer PRIMARY KEY, code text NOT NULL CONSTRAINT coupons_code_check CHECK (public.valid_code(code)));
