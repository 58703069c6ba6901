DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.events (id integer, payload text) PARTITION BY LIST (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES IN (1);
COMMENT ON COLUMN public.events_1.id IS 'old comment';
CREATE TABLE public.base (a integer, b text);
CREATE TABLE public.child (x integer) INHERITS (public.base);
