CREATE TABLE public.events (id bigint NOT NULL, kind text NOT NULL, at integer NOT NULL, PRIMARY KEY (id, kind))
  PARTITION BY LIST (kind);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
CREATE TABLE public.events_b PARTITION OF public.events FOR VALUES IN ('b');
CREATE INDEX events_a_at ON public.events_a (at);
CREATE TABLE public.events_rest PARTITION OF public.events DEFAULT;
CREATE TABLE public.spans (id bigint NOT NULL, at integer NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.spans_low PARTITION OF public.spans FOR VALUES FROM (0) TO (10);
CREATE TABLE public.spans_high PARTITION OF public.spans FOR VALUES FROM (10) TO (20);
