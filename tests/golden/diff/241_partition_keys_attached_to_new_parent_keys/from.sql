CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.orders (id integer NOT NULL, region text NOT NULL, code text NOT NULL, customer integer)
  PARTITION BY LIST (region);
CREATE TABLE public.orders_eu PARTITION OF public.orders FOR VALUES IN ('eu');
CREATE TABLE public.orders_us PARTITION OF public.orders FOR VALUES IN ('us');
ALTER TABLE public.orders_eu ADD CONSTRAINT orders_eu_pk PRIMARY KEY (id, region);
ALTER TABLE public.orders_us ADD CONSTRAINT orders_us_pk PRIMARY KEY (id, region);
ALTER TABLE public.orders_eu ADD CONSTRAINT orders_eu_code_uq UNIQUE (code, region);
ALTER TABLE public.orders_us ADD CONSTRAINT orders_us_code_uq UNIQUE (code, region);
ALTER TABLE public.orders_eu ADD CONSTRAINT orders_eu_customer_fk FOREIGN KEY (customer) REFERENCES public.customers (id);
CREATE SEQUENCE public.marker;
