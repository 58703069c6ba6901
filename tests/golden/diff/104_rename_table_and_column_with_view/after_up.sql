SELECT string_agg(title, ',' ORDER BY id) = 'hammer' FROM public.in_stock;
