SELECT bool_and(c.oid < 'public.marker'::regclass::oid)
FROM pg_class c WHERE c.relname IN ('m_a_2025_at_custom', 'm_a_2026_at_custom', 'm_b_at_custom', 'm_a_2025_key');
