SELECT string_agg(tier::text, ',' ORDER BY id) = 'free,pro,enterprise' FROM public.subscriptions;
