CREATE TYPE public.kind AS ENUM ('x', 'y');
CREATE TABLE public.things (id integer PRIMARY KEY, kind public.kind, parent integer REFERENCES public.things (id));
CREATE VIEW public.thing_kinds AS SELECT DISTINCT kind FROM public.things;
CREATE FUNCTION public.thing_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.things $$;
CREATE SEQUENCE public.thing_seq;
