CREATE TYPE public.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE public.rooms (id integer PRIMARY KEY, temperature_band public.floatrange);
