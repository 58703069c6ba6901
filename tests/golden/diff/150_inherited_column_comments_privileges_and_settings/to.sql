DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- Columns a partition or child inherits keep their own comments, privileges and settings.
CREATE TABLE public.events (id integer, payload text, extra integer) PARTITION BY LIST (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES IN (1);
COMMENT ON COLUMN public.events_1.payload IS 'partition column';
COMMENT ON COLUMN public.events_1.extra IS 'added by the parent';
GRANT SELECT (payload) ON public.events_1 TO confiture_app_reader;
ALTER TABLE public.events_1 ALTER COLUMN payload SET STATISTICS 200;
CREATE TABLE public.events_2 PARTITION OF public.events FOR VALUES IN (2);
COMMENT ON COLUMN public.events_2.id IS 'new partition column';
CREATE TABLE public.base (a integer, b text);
CREATE TABLE public.child (x integer) INHERITS (public.base);
COMMENT ON COLUMN public.child.a IS 'inherited column';
ALTER TABLE public.child ALTER COLUMN b SET (n_distinct = 5);
