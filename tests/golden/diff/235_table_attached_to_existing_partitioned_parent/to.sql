-- A table with rows becomes a partition of a partitioned table that has a key, a foreign key,
-- a check, a default and an index: it first gets the parent's column types and NOT NULL and the
-- check (by name), loses the column the parent lacks, then is attached; its key and index are
-- attached to the parent's (kept under their names), the foreign key is the server's copy, and
-- it keeps no default of its own (attaching copies none: the parent's is set).
CREATE TABLE public.kinds (kind text PRIMARY KEY);
INSERT INTO public.kinds VALUES ('new'), ('old');
CREATE TABLE public.events (
    id bigint NOT NULL,
    kind text NOT NULL REFERENCES public.kinds,
    at date DEFAULT '2025-01-01',
    CONSTRAINT events_id_positive CHECK (id > 0),
    PRIMARY KEY (id, kind)
) PARTITION BY LIST (kind);
CREATE TABLE public.events_new PARTITION OF public.events FOR VALUES IN ('new');
CREATE TABLE public.events_old (id bigint NOT NULL, kind text NOT NULL, at date DEFAULT '2025-01-01',
  CONSTRAINT events_old_pk PRIMARY KEY (id, kind), CONSTRAINT events_id_positive CHECK (id > 0));
CREATE INDEX events_old_at_custom ON public.events_old (at);
ALTER TABLE public.events ATTACH PARTITION public.events_old FOR VALUES IN ('old');
CREATE INDEX events_at ON public.events (at);
