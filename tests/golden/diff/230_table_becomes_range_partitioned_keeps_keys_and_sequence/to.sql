-- A plain table becomes partitioned by range: it is created again with its primary key, unique
-- constraint and index (on every partition), and the foreign key pointing at it is dropped
-- before and added after. Its serial sequence is kept (released with OWNED BY NONE, owned again
-- by the new column), so the ids it hands out go on.
CREATE TABLE public.events (
    id bigserial NOT NULL,
    at date NOT NULL,
    kind text NOT NULL DEFAULT 'misc',
    PRIMARY KEY (id, at),
    UNIQUE (kind, id, at)
) PARTITION BY RANGE (at);
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_rest PARTITION OF public.events DEFAULT;
CREATE INDEX events_kind_idx ON public.events (kind);
CREATE TABLE public.event_notes (
    event_id bigint NOT NULL,
    event_at date NOT NULL,
    body text,
    FOREIGN KEY (event_id, event_at) REFERENCES public.events (id, at) ON DELETE CASCADE
);
