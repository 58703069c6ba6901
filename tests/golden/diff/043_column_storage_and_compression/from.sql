CREATE TABLE public.documents (id integer PRIMARY KEY, body text, thumbnail bytea);
