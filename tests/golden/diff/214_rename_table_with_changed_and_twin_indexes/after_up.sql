SELECT (SELECT sum(age) FROM public.clients) = 70;
