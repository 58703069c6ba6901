INSERT INTO public.item VALUES (1, 'hammer', 3), (2, 'nail', 0);
