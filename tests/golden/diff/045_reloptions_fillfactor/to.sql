CREATE TABLE public.counters (name text PRIMARY KEY, value bigint NOT NULL)
    WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);
CREATE INDEX counters_value_idx ON public.counters (value) WITH (fillfactor = 80);
