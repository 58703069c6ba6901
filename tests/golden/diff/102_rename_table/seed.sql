INSERT INTO public.customer VALUES (1, 'Ada'), (2, 'Grace');
INSERT INTO public.invoices VALUES (10, 1), (11, 2);
