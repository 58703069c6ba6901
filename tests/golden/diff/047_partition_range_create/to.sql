CREATE TABLE public.metrics (id bigint NOT NULL, recorded_at timestamptz NOT NULL, value double precision);
CREATE TABLE public.measurements (
    sensor_id integer NOT NULL,
    taken_on date NOT NULL,
    reading numeric,
    PRIMARY KEY (sensor_id, taken_on)
) PARTITION BY RANGE (taken_on);
CREATE TABLE public.measurements_2025 PARTITION OF public.measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.measurements_2026 PARTITION OF public.measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE public.measurements_default PARTITION OF public.measurements DEFAULT;
