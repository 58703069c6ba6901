INSERT INTO public.preferences VALUES (1, 'email', '{sms,push}'), (2, 'push', '{}');
