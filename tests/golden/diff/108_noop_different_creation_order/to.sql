CREATE TABLE public.a (id integer);
COMMENT ON TABLE public.a IS 'A';
CREATE TABLE public.b (id integer, a_id integer);
ALTER TABLE public.a ADD PRIMARY KEY (id);
ALTER TABLE public.b ADD CONSTRAINT b_pkey PRIMARY KEY (id);
CREATE INDEX b_a_idx ON public.b (a_id);
ALTER TABLE public.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a (id);
CREATE VIEW public.ab AS SELECT b.id, a.id AS a_id FROM public.b JOIN public.a ON a.id = b.a_id;
