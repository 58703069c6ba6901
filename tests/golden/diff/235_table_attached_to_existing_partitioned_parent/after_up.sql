SELECT (SELECT count(*) FROM public.events WHERE kind = 'old') = 2
  AND (SELECT inhparent = 'public.events_pkey'::regclass FROM pg_inherits WHERE inhrelid = 'public.events_old_pk'::regclass);
