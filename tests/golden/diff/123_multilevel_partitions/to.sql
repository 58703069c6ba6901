CREATE TABLE public.sales (region text NOT NULL, sold_on date NOT NULL, amount numeric) PARTITION BY LIST (region);
CREATE TABLE public.sales_eu PARTITION OF public.sales FOR VALUES IN ('eu');
CREATE TABLE public.sales_us PARTITION OF public.sales FOR VALUES IN ('us') PARTITION BY RANGE (sold_on);
CREATE TABLE public.sales_us_2025 PARTITION OF public.sales_us FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.sales_us_2026 PARTITION OF public.sales_us FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX sales_sold_on_idx ON public.sales (sold_on);
