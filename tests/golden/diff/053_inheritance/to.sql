CREATE TABLE public.vehicles (id integer PRIMARY KEY, make text NOT NULL, model text);
CREATE TABLE public.cars (seats integer) INHERITS (public.vehicles);
CREATE TABLE public.trucks (payload_kg integer) INHERITS (public.vehicles);
