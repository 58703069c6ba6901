CREATE TABLE public.batches (id integer PRIMARY KEY);
CREATE TABLE public.batch_rows (id integer PRIMARY KEY, batch_id integer REFERENCES public.batches);
CREATE TABLE public.batch_notes (batch_id integer REFERENCES public.batches);
