CREATE TABLE public.orders (
    id integer,
    region integer,
    total numeric
) PARTITION BY LIST (region);
CREATE TABLE public.orders_eu PARTITION OF public.orders FOR VALUES IN (1);
CREATE TABLE public.orders_us PARTITION OF public.orders FOR VALUES IN (2);
