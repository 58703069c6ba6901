CREATE TABLE public.events (id integer NOT NULL, kind text NOT NULL, at date) PARTITION BY LIST (kind);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
ALTER TABLE public.events ADD PRIMARY KEY (id, kind);
CREATE INDEX events_at ON public.events (at);
