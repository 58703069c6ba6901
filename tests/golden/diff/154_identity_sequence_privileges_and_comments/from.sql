DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.tickets (id integer, serial_no integer GENERATED ALWAYS AS IDENTITY);
GRANT SELECT ON SEQUENCE public.tickets_serial_no_seq TO confiture_app_reader;
