CREATE TABLE public.people (id integer PRIMARY KEY, name text NOT NULL);
