CREATE TABLE public.products (sku text NOT NULL UNIQUE, id integer PRIMARY KEY, name text);
CREATE TABLE public.reviews (id integer PRIMARY KEY, product_sku text REFERENCES public.products (sku));
