CREATE FUNCTION public.valid_code(c text, min_len integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT length(c) >= min_len $$;
CREATE TABLE public.coupons (id integer PRIMARY KEY, code text NOT NULL CONSTRAINT coupons_code_check CHECK (public.valid_code(code, 4)));
