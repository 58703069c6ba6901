CREATE TABLE public.regions (id integer PRIMARY KEY);
CREATE TABLE public.stores (id integer PRIMARY KEY, region_id integer, opened date);
ALTER TABLE public.stores ADD CONSTRAINT stores_region_fk FOREIGN KEY (region_id) REFERENCES public.regions (id) NOT VALID;
ALTER TABLE public.stores ADD CONSTRAINT stores_opened_check CHECK (opened > '2000-01-01') NOT VALID;
