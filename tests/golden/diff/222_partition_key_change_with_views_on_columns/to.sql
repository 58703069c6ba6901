-- The partition key changes from LIST (kind) to RANGE (at): the partitioned table and its
-- partitions are created again; views and a materialized view on the table and on a partition
-- are dropped first and created again after.
CREATE TABLE public.events (id integer NOT NULL, kind text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_other PARTITION OF public.events DEFAULT;
CREATE VIEW public.event_kinds AS SELECT DISTINCT kind FROM public.events;
CREATE VIEW public.a_events AS SELECT id, at FROM public.events_a;
CREATE MATERIALIZED VIEW public.event_days AS SELECT at, count(*) AS n FROM public.events GROUP BY at;
