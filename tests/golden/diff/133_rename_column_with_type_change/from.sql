CREATE TABLE public.products (id integer PRIMARY KEY, price_str text NOT NULL);
