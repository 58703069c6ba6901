CREATE TABLE public.readings (id integer PRIMARY KEY, sensor text NOT NULL, value real NOT NULL);
CREATE INDEX readings_high_idx ON public.readings (sensor) WHERE value > 100;
CREATE MATERIALIZED VIEW public.sensor_max AS SELECT sensor, max(value) AS max_value FROM public.readings GROUP BY sensor;
