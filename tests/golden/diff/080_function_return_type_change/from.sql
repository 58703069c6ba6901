CREATE TABLE public.users (id integer PRIMARY KEY, name text);
CREATE FUNCTION public.user_count() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT count(*)::integer FROM public.users $$;
CREATE FUNCTION public.user_names() RETURNS SETOF text LANGUAGE sql STABLE AS $$ SELECT name FROM public.users $$;
