INSERT INTO public.accounts VALUES (1, 'a'), (2, 'b');
INSERT INTO public.transfers VALUES (1, 1, 2, 10);
