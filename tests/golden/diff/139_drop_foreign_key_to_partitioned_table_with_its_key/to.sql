-- A foreign key to a partitioned table depends on the key of every partition (clones):
-- dropping both must drop the foreign key first.
CREATE TABLE public.orders (
    id integer,
    region integer,
    total numeric,
    PRIMARY KEY (id, region),
    CHECK (total >= 0)
) PARTITION BY LIST (region);
CREATE TABLE public.orders_eu PARTITION OF public.orders FOR VALUES IN (1);
CREATE TABLE public.orders_us PARTITION OF public.orders FOR VALUES IN (2);
CREATE TABLE public.shipments (
    order_id integer,
    region integer,
    FOREIGN KEY (order_id, region) REFERENCES public.orders
);
