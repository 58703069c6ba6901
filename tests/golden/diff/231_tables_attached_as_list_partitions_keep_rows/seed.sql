INSERT INTO public.sales_eu VALUES ('eu', '2025-01-01', 10), ('eu', '2025-01-02', 20);
INSERT INTO public.sales_us VALUES ('us', '2025-01-01', 5), ('ca', '2025-01-03', 7);
