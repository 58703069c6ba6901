CREATE TABLE public.measurements (id bigint PRIMARY KEY, sensor varchar(100) NOT NULL, reading double precision, counter bigint);
CREATE INDEX measurements_sensor_idx ON public.measurements (sensor);
