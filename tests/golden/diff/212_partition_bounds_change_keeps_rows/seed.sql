INSERT INTO public.events VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);
INSERT INTO public.spans VALUES (1, 1), (2, 12);
