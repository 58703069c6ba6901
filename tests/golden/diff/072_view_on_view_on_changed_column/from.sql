CREATE TABLE public.products (id integer PRIMARY KEY, name varchar(50) NOT NULL, price integer NOT NULL);
CREATE VIEW public.product_names AS SELECT id, name, price FROM public.products;
CREATE VIEW public.cheap_products AS SELECT id, name FROM public.product_names WHERE price < 10;
