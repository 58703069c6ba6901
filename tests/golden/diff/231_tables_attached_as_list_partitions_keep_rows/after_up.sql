SELECT (SELECT count(*) FROM public.sales) = 4 AND (SELECT count(*) FROM public.sales_eu) = 2
  AND (SELECT sum(amount) FROM public.sales WHERE region IN ('us', 'ca')) = 12;
