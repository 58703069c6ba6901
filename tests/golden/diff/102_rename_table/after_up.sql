SELECT (SELECT count(*) FROM public.clients) = 2 AND (SELECT count(*) FROM public.invoices i JOIN public.clients c ON c.id = i.customer_id) = 2;
