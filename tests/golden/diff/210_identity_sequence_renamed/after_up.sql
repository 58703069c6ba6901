SELECT pg_catalog.nextval('public.labels_id_seq') = 3;
