INSERT INTO public.rectangles VALUES (1, 2, 21);
