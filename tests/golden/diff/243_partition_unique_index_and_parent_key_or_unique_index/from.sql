CREATE TABLE public.x (id integer NOT NULL, k text NOT NULL) PARTITION BY LIST (k);
CREATE TABLE public.x_a PARTITION OF public.x FOR VALUES IN ('a');
CREATE TABLE public.x_b PARTITION OF public.x FOR VALUES IN ('b');
CREATE UNIQUE INDEX x_a_unique ON public.x_a (id, k);
CREATE TABLE public.y (id integer NOT NULL, k text NOT NULL) PARTITION BY LIST (k);
CREATE TABLE public.y_a PARTITION OF public.y FOR VALUES IN ('a');
CREATE UNIQUE INDEX y_a_unique ON public.y_a (id, k);
CREATE SEQUENCE public.marker;
