CREATE TABLE public.events (
    id bigserial NOT NULL,
    at date NOT NULL,
    kind text NOT NULL DEFAULT 'misc',
    PRIMARY KEY (id, at),
    UNIQUE (kind, id, at)
);
CREATE INDEX events_kind_idx ON public.events (kind);
CREATE TABLE public.event_notes (
    event_id bigint NOT NULL,
    event_at date NOT NULL,
    body text,
    FOREIGN KEY (event_id, event_at) REFERENCES public.events (id, at) ON DELETE CASCADE
);
