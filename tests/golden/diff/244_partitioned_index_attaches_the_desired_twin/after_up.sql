SELECT 'public.t_2_at_twin'::regclass::oid < 'public.marker'::regclass::oid
  AND (SELECT inhparent = 'public.t_at'::regclass FROM pg_inherits WHERE inhrelid = 'public.t_2_at_twin'::regclass);
