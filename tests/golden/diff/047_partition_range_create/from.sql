CREATE TABLE public.metrics (id bigint NOT NULL, recorded_at timestamptz NOT NULL, value double precision);
