SELECT bool_and(c.oid < 'public.marker'::regclass::oid)
FROM pg_class c WHERE c.relname IN ('orders_eu_pk', 'orders_us_pk', 'orders_eu_code_uq', 'orders_us_code_uq');
