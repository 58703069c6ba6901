SELECT count(*) = 2 AND (SELECT fallbacks::text FROM public.preferences WHERE user_id = 1) = '{sms,push}' FROM public.preferences;
