CREATE TABLE public.cities (id integer PRIMARY KEY, name text COLLATE "C" NOT NULL, code text);
CREATE INDEX cities_name_idx ON public.cities (name);
