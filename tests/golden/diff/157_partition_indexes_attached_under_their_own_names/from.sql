CREATE TABLE public.events (id integer, kind text, at timestamp) PARTITION BY LIST (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES IN (1);
CREATE INDEX events_1_kind_custom ON public.events_1 (kind);
CREATE INDEX events_at ON public.events (at);
