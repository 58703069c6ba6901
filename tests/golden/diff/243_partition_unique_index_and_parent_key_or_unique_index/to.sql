-- A unique index (not a constraint) on the parent attaches a partition's unique index (kept) and
-- gets the server's copy on the other partition; a primary key on the parent cannot use a plain
-- unique index, so the partition gets the server's key and keeps its own index.
CREATE TABLE public.x (id integer NOT NULL, k text NOT NULL) PARTITION BY LIST (k);
CREATE TABLE public.x_a PARTITION OF public.x FOR VALUES IN ('a');
CREATE TABLE public.x_b PARTITION OF public.x FOR VALUES IN ('b');
CREATE UNIQUE INDEX x_a_unique ON public.x_a (id, k);
CREATE UNIQUE INDEX x_unique ON public.x (id, k);
CREATE TABLE public.y (id integer NOT NULL, k text NOT NULL) PARTITION BY LIST (k);
CREATE TABLE public.y_a PARTITION OF public.y FOR VALUES IN ('a');
CREATE UNIQUE INDEX y_a_unique ON public.y_a (id, k);
ALTER TABLE public.y ADD PRIMARY KEY (id, k);
CREATE SEQUENCE public.marker;
