CREATE SCHEMA util;
CREATE FUNCTION util.new_reference() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'PAY-' || md5(random()::text) $$;
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, PRIMARY KEY (id, placed_on)) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2026 PARTITION OF public.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE public.payments (
    id integer PRIMARY KEY,
    order_id bigint,
    order_placed_on date,
    reference text NOT NULL DEFAULT util.new_reference(),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id, order_placed_on) REFERENCES public.orders (id, placed_on)
);
