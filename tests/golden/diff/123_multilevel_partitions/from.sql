CREATE TABLE public.sales (region text NOT NULL, sold_on date NOT NULL, amount numeric) PARTITION BY LIST (region);
CREATE TABLE public.sales_eu PARTITION OF public.sales FOR VALUES IN ('eu');
