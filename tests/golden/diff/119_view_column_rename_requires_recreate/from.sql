CREATE TABLE public.products (id integer PRIMARY KEY, name text NOT NULL, price numeric);
CREATE VIEW public.catalog AS SELECT id, name, price FROM public.products;
CREATE VIEW public.catalog_names AS SELECT id, name FROM public.catalog;
