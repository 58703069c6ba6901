-- the rows stayed, and the keys, indexes and the foreign key of orders were renamed, not rebuilt:
-- a rebuilt one would have an OID above the marker sequence's
SELECT (SELECT count(*) FROM public.clients) = 2
   AND public.customer_count() = 2
   AND (SELECT bool_and(indexrelid < 'public.marker'::regclass::oid) FROM pg_index
        WHERE indrelid IN ('public.clients'::regclass, 'public.orders'::regclass))
   AND (SELECT bool_and(oid < 'public.marker'::regclass::oid) FROM pg_constraint
        WHERE conrelid IN ('public.clients'::regclass, 'public.orders'::regclass))
   AND (SELECT bool_and(oid < 'public.marker'::regclass::oid) FROM pg_trigger
        WHERE tgrelid = 'public.clients'::regclass)
   AND (SELECT count(*) FROM pg_index WHERE indrelid = 'public.clients'::regclass) = 4;
