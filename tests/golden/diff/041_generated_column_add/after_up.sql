SELECT area = 42 FROM public.rectangles WHERE id = 1;
