-- Partitions and inheritance children with a default or NOT NULL of their own; the
-- parent's default changes too (it reaches the children, whose own default is set again).
CREATE TABLE public.measurements (
    id integer,
    kind text DEFAULT 'standard',
    value integer NOT NULL
) PARTITION BY RANGE (id);
CREATE TABLE public.measurements_low PARTITION OF public.measurements (kind DEFAULT 'low') FOR VALUES FROM (0) TO (10);
CREATE TABLE public.measurements_high PARTITION OF public.measurements (kind DEFAULT 'high', id NOT NULL)
    FOR VALUES FROM (10) TO (20);

CREATE TABLE public.base (a integer, b integer DEFAULT 2);
CREATE TABLE public.derived (c integer) INHERITS (public.base);
ALTER TABLE public.derived ALTER COLUMN a SET NOT NULL;
ALTER TABLE public.derived ALTER COLUMN b SET DEFAULT 5;
