INSERT INTO public.profiles VALUES (1, 'ada', 'mathematician');
