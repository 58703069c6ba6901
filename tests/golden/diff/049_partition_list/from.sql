CREATE TABLE public.customers (id integer NOT NULL, region text NOT NULL, name text) PARTITION BY LIST (region);
CREATE TABLE public.customers_eu PARTITION OF public.customers FOR VALUES IN ('fr', 'de', 'es');
