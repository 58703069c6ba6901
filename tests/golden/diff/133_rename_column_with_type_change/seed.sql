INSERT INTO public.products VALUES (1, '19.90'), (2, '0.10');
