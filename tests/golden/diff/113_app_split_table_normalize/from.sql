CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    street text,
    city text,
    zip text,
    country char(2)
);
CREATE INDEX customers_city_idx ON public.customers (city);
