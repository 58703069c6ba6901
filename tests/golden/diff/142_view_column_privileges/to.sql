DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- Column privileges on views and materialized views.
CREATE TABLE public.people (id integer, name text, secret text);
CREATE VIEW public.people_v AS SELECT id, name FROM public.people;
CREATE MATERIALIZED VIEW public.people_mv AS SELECT id, name FROM public.people;
GRANT SELECT (id, name), UPDATE (name) ON public.people_v TO confiture_app_reader;
GRANT SELECT (name) ON public.people_mv TO confiture_app_reader;
GRANT INSERT (secret) ON public.people TO confiture_app_reader;
