CREATE TABLE public.contacts (id integer PRIMARY KEY, email text NOT NULL);
