CREATE TABLE public.regions (id integer PRIMARY KEY);
CREATE TABLE public.stores (id integer PRIMARY KEY, region_id integer, opened date);
