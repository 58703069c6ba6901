CREATE TABLE public.users (id integer PRIMARY KEY, name text);
CREATE FUNCTION public.user_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.users $$;
CREATE FUNCTION public.user_names() RETURNS TABLE (id integer, name text) LANGUAGE sql STABLE
    AS $$ SELECT id, name FROM public.users $$;
