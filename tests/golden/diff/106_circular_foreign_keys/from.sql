CREATE TABLE public.misc (id integer PRIMARY KEY);
