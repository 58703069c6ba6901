SELECT sum(price) = 20.00 FROM public.products;
