CREATE EXTENSION IF NOT EXISTS hstore;
CREATE TABLE public.products (id integer PRIMARY KEY, attrs hstore);
CREATE INDEX products_attrs_idx ON public.products USING gin (attrs);
