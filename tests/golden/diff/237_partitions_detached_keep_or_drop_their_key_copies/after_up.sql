SELECT (SELECT count(*) FROM public.readings_2024) = 1 AND (SELECT count(*) FROM public.readings_2025) = 1
  AND (SELECT count(*) FROM public.readings) = 1;
