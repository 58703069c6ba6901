SELECT count(*) = 2 AND bool_and(is_active) FROM public.customers;
