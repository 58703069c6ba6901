CREATE TABLE public.events (id integer PRIMARY KEY, user_id integer, kind text, created_at timestamptz);
CREATE INDEX events_lookup_idx ON public.events (user_id, created_at DESC);
CREATE INDEX events_kind_idx ON public.events (kind) WHERE kind <> 'heartbeat';
