INSERT INTO public.metrics VALUES ('a', '2025-01-01', 1);
INSERT INTO public.metrics_b_2025 VALUES ('b', '2025-02-01', 2), ('b', '2025-03-01', 3);
