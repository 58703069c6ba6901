CREATE TABLE public.cities (id integer PRIMARY KEY, name text NOT NULL, code text COLLATE "C");
CREATE INDEX cities_name_idx ON public.cities (name);
