INSERT INTO public.customer VALUES (1, 'a@example.org', 30), (2, 'b@example.org', 40);
