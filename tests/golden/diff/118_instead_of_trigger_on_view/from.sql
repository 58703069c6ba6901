CREATE TABLE public.people (id integer PRIMARY KEY, first_name text, last_name text);
CREATE VIEW public.people_names AS SELECT id, first_name || ' ' || last_name AS full_name FROM public.people;
