CREATE TYPE public.geo_point AS (lat double precision, lon double precision, altitude_m real);
COMMENT ON TYPE public.geo_point IS 'WGS84 point';
CREATE TABLE public.places (id integer PRIMARY KEY, location public.geo_point);
