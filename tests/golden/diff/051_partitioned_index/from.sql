CREATE TABLE public.events (id bigint NOT NULL, happened_at timestamptz NOT NULL, kind text NOT NULL, body jsonb)
    PARTITION BY RANGE (happened_at);
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
