-- The table becomes partitioned: it is created again, and the view on its columns is dropped
-- before it and created again after it; a view on nothing of it stays.
CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, total numeric(10,2), PRIMARY KEY (id, placed_on))
  PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE VIEW public.big_orders AS SELECT id, placed_on, total FROM public.orders WHERE total > 100;
CREATE VIEW public.unrelated AS SELECT 1 AS one;
