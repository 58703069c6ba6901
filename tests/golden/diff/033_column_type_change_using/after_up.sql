SELECT sum(quantity) = 42 AND sum(unit_price) = 9.99 FROM public.line_items;
