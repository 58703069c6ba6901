CREATE TABLE public.notes (id integer NOT NULL PRIMARY KEY, body text);
