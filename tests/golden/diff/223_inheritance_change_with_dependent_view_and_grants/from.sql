DO $$ BEGIN CREATE ROLE confiture_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.base (id integer NOT NULL, note text);
CREATE TABLE public.other_base (id integer NOT NULL, note text);
CREATE TABLE public.child (extra text) INHERITS (public.base);
CREATE VIEW public.child_notes AS SELECT id, note, extra FROM public.child;
GRANT SELECT ON public.child_notes TO confiture_reader;
CREATE FUNCTION public.child_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM public.child; END;
