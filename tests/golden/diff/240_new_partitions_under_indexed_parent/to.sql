-- New partitions of a table that has a key and an index get theirs when they are created (under
-- the names PostgreSQL gives them), or, written as pg_dump does, under their own names attached
-- to the parent's.
CREATE TABLE public.events (id integer NOT NULL, kind text NOT NULL, at date) PARTITION BY LIST (kind);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
CREATE TABLE public.events_b PARTITION OF public.events FOR VALUES IN ('b');
CREATE TABLE public.events_c (id integer NOT NULL, kind text NOT NULL, at date);
ALTER TABLE public.events ADD PRIMARY KEY (id, kind);
CREATE INDEX events_at ON ONLY public.events (at);
CREATE INDEX events_a_at_idx ON public.events_a (at);
ALTER INDEX public.events_at ATTACH PARTITION public.events_a_at_idx;
CREATE INDEX events_b_at_idx ON public.events_b (at);
ALTER INDEX public.events_at ATTACH PARTITION public.events_b_at_idx;
CREATE INDEX events_c_when ON public.events_c (at);
ALTER TABLE public.events ATTACH PARTITION public.events_c FOR VALUES IN ('c');
