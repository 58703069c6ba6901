CREATE TABLE public.orders (
    id bigint NOT NULL,
    placed_on date NOT NULL,
    total numeric(12,2) NOT NULL,
    currency char(3) NOT NULL DEFAULT 'EUR',
    CONSTRAINT orders_total_check CHECK (total >= 0)
) PARTITION BY RANGE (placed_on);
CREATE TABLE public.orders_2025 PARTITION OF public.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE public.orders ADD PRIMARY KEY (id, placed_on);
