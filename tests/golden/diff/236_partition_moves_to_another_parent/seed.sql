INSERT INTO public.current_logs VALUES ('2024-05-01', 'a', 2), ('2025-05-01', 'b', 3);
