CREATE TABLE public.counters (name text PRIMARY KEY, value bigint NOT NULL) WITH (fillfactor = 90);
CREATE INDEX counters_value_idx ON public.counters (value);
