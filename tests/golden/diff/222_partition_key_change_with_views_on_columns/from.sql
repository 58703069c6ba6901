CREATE TABLE public.events (id integer NOT NULL, kind text NOT NULL, at date NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
CREATE TABLE public.events_other PARTITION OF public.events DEFAULT;
CREATE VIEW public.event_kinds AS SELECT DISTINCT kind FROM public.events;
CREATE VIEW public.a_events AS SELECT id, at FROM public.events_a;
CREATE MATERIALIZED VIEW public.event_days AS SELECT at, count(*) AS n FROM public.events GROUP BY at;
