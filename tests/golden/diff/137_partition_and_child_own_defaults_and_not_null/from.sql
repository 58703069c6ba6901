CREATE TABLE public.measurements (
    id integer,
    kind text DEFAULT 'plain',
    value integer
) PARTITION BY RANGE (id);
CREATE TABLE public.measurements_low PARTITION OF public.measurements (kind DEFAULT 'low') FOR VALUES FROM (0) TO (10);
CREATE TABLE public.measurements_high PARTITION OF public.measurements FOR VALUES FROM (10) TO (20);

CREATE TABLE public.base (a integer, b integer DEFAULT 1);
CREATE TABLE public.derived (c integer) INHERITS (public.base);
ALTER TABLE public.derived ALTER COLUMN b SET DEFAULT 5;
