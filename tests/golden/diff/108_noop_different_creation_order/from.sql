CREATE TABLE public.a (id integer PRIMARY KEY);
CREATE TABLE public.b (id integer PRIMARY KEY, a_id integer REFERENCES public.a (id));
CREATE INDEX b_a_idx ON public.b (a_id);
CREATE VIEW public.ab AS SELECT b.id, a.id AS a_id FROM public.b JOIN public.a ON a.id = b.a_id;
COMMENT ON TABLE public.a IS 'A';
