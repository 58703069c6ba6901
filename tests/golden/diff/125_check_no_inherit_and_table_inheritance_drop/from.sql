CREATE TABLE public.base_events (id integer NOT NULL, at timestamptz NOT NULL);
CREATE TABLE public.click_events (target text) INHERITS (public.base_events);
