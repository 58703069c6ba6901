CREATE TABLE public.products (sku text PRIMARY KEY, id integer NOT NULL UNIQUE, name text);
CREATE TABLE public.reviews (id integer PRIMARY KEY, product_sku text REFERENCES public.products (sku));
