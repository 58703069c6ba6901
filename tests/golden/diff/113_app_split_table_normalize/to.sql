CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE public.addresses (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customers (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'billing' CHECK (kind IN ('billing', 'shipping')),
    street text,
    city text,
    zip text,
    country char(2),
    UNIQUE (customer_id, kind)
);
CREATE INDEX addresses_city_idx ON public.addresses (city);
