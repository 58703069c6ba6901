-- The child inherits from another table: it is created again; the view on its columns (with
-- its grant) and a function whose body is parsed at creation are dropped and created around it.
DO $$ BEGIN CREATE ROLE confiture_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.base (id integer NOT NULL, note text);
CREATE TABLE public.other_base (id integer NOT NULL, note text);
CREATE TABLE public.child (extra text) INHERITS (public.other_base);
CREATE VIEW public.child_notes AS SELECT id, note, extra FROM public.child;
GRANT SELECT ON public.child_notes TO confiture_reader;
CREATE FUNCTION public.child_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM public.child; END;
