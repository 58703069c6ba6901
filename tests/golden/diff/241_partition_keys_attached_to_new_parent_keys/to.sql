-- The partitioned table gains a primary key, a unique constraint and a foreign key that its
-- partitions already have under their own names: the partitions' keys are attached to the
-- parent's (their indexes are kept, not built again: their OIDs stay below a marker made last);
-- a partition without the foreign key gets the server's copy. Going back, dropping the parent's
-- key drops the partitions' too: they are built again.
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
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id, region);
ALTER INDEX public.orders_pkey ATTACH PARTITION public.orders_eu_pk;
ALTER INDEX public.orders_pkey ATTACH PARTITION public.orders_us_pk;
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_code_key UNIQUE (code, region);
ALTER INDEX public.orders_code_key ATTACH PARTITION public.orders_eu_code_uq;
ALTER INDEX public.orders_code_key ATTACH PARTITION public.orders_us_code_uq;
ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer) REFERENCES public.customers (id);
CREATE SEQUENCE public.marker;
