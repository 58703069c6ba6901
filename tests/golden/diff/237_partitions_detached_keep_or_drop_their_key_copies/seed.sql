INSERT INTO public.readings VALUES (1, '2024-02-01', 'a'), (2, '2025-02-01', 'b'), (3, '2026-02-01', 'c');
