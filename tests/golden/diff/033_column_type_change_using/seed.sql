INSERT INTO public.line_items VALUES (1, '40', '9.99'), (2, '2', NULL);
