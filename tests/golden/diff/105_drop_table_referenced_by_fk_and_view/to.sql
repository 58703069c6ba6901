CREATE TABLE public.products (id integer PRIMARY KEY, category_id integer, name text);
