SELECT nextval('public.events_id_seq') = 4;
