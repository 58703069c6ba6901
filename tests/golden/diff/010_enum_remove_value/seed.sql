INSERT INTO public.subscriptions VALUES (1, 'free'), (2, 'pro'), (3, 'enterprise');
