INSERT INTO public.events (at) VALUES ('2025-03-01'), ('2025-04-01'), ('2025-05-01');
