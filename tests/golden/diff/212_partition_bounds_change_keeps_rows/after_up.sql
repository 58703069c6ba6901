SELECT (SELECT count(*) FROM public.events_a) = 1 AND (SELECT count(*) FROM public.events) = 3
  AND (SELECT count(*) FROM public.spans) = 2;
