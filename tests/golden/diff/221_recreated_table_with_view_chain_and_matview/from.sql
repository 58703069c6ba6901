CREATE SCHEMA reports;
CREATE TABLE public.readings (sensor integer NOT NULL, taken_at timestamp NOT NULL, value double precision);
CREATE VIEW reports.recent AS SELECT sensor, taken_at, value FROM public.readings WHERE taken_at > '2025-01-01';
CREATE VIEW reports.recent_high AS SELECT sensor, value FROM reports.recent WHERE value > 10;
CREATE MATERIALIZED VIEW reports.sensor_max AS SELECT sensor, max(value) AS top FROM reports.recent_high GROUP BY sensor;
CREATE UNIQUE INDEX sensor_max_sensor ON reports.sensor_max (sensor);
COMMENT ON VIEW reports.recent_high IS 'readings above 10';
CREATE VIEW reports.counts AS SELECT count(*) AS n FROM public.readings;
