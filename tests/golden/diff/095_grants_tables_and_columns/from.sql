DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL, email text, ssn text);
GRANT SELECT ON public.customers TO confiture_app_reader;
