CREATE TABLE public.events (id bigint NOT NULL, happened_at timestamptz NOT NULL, kind text NOT NULL, body jsonb)
    PARTITION BY RANGE (happened_at);
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind_idx ON public.events (kind, happened_at);
CREATE UNIQUE INDEX events_id_happened_key ON public.events (id, happened_at);
CREATE INDEX events_body_idx ON public.events USING gin (body);
