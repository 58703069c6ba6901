SELECT pg_catalog.nextval('public.s2_id_seq') = 3 AND pg_catalog.nextval('public.labels_id_seq') = 3
  AND pg_catalog.nextval('public.labels_no_seq') = 12;
