CREATE UNLOGGED TABLE public.cache_entries (key text PRIMARY KEY, value bytea, expires_at timestamptz);
CREATE TABLE public.page_views (id bigint PRIMARY KEY, path text);
