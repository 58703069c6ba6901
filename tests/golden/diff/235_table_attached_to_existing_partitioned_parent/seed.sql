INSERT INTO public.events_old VALUES (1, 'old', '2024-01-01', 'x'), (2, 'old', NULL, 'y');
