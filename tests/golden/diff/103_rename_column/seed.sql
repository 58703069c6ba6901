INSERT INTO public.users VALUES (1, 'ada@example.org', 'Ada Lovelace');
