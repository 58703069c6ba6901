CREATE TABLE public.products (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL);
CREATE VIEW public.product_names AS SELECT id, name, price FROM public.products;
CREATE VIEW public.cheap_products AS SELECT id, name FROM public.product_names WHERE price < 10;
