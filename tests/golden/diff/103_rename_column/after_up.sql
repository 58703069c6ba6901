SELECT email = 'ada@example.org' AND display_name = 'Ada Lovelace' FROM public.users WHERE id = 1;
