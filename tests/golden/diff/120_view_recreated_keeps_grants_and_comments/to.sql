DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.employees (id integer PRIMARY KEY, name text NOT NULL, salary numeric, email text);
CREATE VIEW public.directory AS SELECT id, name, email FROM public.employees;
GRANT SELECT ON public.directory TO confiture_app_reader;
COMMENT ON VIEW public.directory IS 'Company directory';
COMMENT ON COLUMN public.directory.email IS 'Work e-mail';
