CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE public.items (id integer);
CREATE TABLE public.items_log (id integer);
CREATE RULE items_log AS ON INSERT TO public.items DO ALSO INSERT INTO public.items_log VALUES (NEW.id);
