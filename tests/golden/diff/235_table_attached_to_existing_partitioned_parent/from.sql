CREATE TABLE public.kinds (kind text PRIMARY KEY);
INSERT INTO public.kinds VALUES ('new'), ('old');
CREATE TABLE public.events (
    id bigint NOT NULL,
    kind text NOT NULL REFERENCES public.kinds,
    at date DEFAULT '2025-01-01',
    CONSTRAINT events_id_positive CHECK (id > 0),
    PRIMARY KEY (id, kind)
) PARTITION BY LIST (kind);
CREATE TABLE public.events_new PARTITION OF public.events FOR VALUES IN ('new');
CREATE INDEX events_at ON public.events (at);
CREATE TABLE public.events_old (id integer, kind text, at date, legacy text, CONSTRAINT events_old_pk PRIMARY KEY (id, kind));
CREATE INDEX events_old_at_custom ON public.events_old (at);
