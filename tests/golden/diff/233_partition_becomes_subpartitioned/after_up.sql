SELECT (SELECT count(*) FROM public.metrics) = 3 AND (SELECT count(*) FROM public.metrics_b) = 2;
