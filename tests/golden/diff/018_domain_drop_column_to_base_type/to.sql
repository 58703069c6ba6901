CREATE TABLE public.addresses (id integer PRIMARY KEY, zip text);
