CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, total numeric NOT NULL) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE public.orders ADD PRIMARY KEY (id, placed_on);
