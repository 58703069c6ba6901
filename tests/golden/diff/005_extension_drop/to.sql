CREATE TABLE public.products (id integer PRIMARY KEY, attrs text);
CREATE INDEX products_attrs_idx ON public.products (attrs);
