CREATE TABLE public.shipments (id integer PRIMARY KEY);
