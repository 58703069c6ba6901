SELECT bool_and(c.oid < 'public.marker'::regclass::oid) FROM pg_class c WHERE c.relname IN ('x_a_unique', 'y_a_unique');
