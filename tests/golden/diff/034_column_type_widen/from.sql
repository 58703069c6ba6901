CREATE TABLE public.measurements (id integer PRIMARY KEY, sensor varchar(20) NOT NULL, reading real, counter integer);
CREATE INDEX measurements_sensor_idx ON public.measurements (sensor);
