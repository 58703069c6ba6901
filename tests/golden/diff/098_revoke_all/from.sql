DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.payroll (id integer PRIMARY KEY, amount numeric);
GRANT ALL ON public.payroll TO confiture_app_writer;
GRANT SELECT ON public.payroll TO confiture_app_reader WITH GRANT OPTION;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
