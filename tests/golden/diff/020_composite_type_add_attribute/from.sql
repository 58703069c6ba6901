CREATE TYPE public.geo_point AS (lat double precision, lon double precision);
CREATE TABLE public.places (id integer PRIMARY KEY, location public.geo_point);
