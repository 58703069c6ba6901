CREATE FUNCTION public.area(r double precision) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT pi() * r * r $$;
CREATE FUNCTION public.area(w double precision, h double precision) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT abs(w * h) $$;
CREATE FUNCTION public.area(b box) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT area(b) $$;
CREATE FUNCTION public.area(s text) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS $$ SELECT length(s)::double precision $$;
