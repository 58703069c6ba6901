CREATE TABLE public.base_events (id integer NOT NULL, at timestamptz NOT NULL,
    CONSTRAINT base_events_only_check CHECK (false) NO INHERIT);
CREATE TABLE public.click_events (id integer NOT NULL, at timestamptz NOT NULL, target text);
