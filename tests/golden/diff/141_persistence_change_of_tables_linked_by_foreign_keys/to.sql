-- Tables linked by foreign keys cannot switch persistence one at a time: the keys are
-- dropped and added back around the change.
CREATE UNLOGGED TABLE public.batches (id integer PRIMARY KEY);
CREATE UNLOGGED TABLE public.batch_rows (id integer PRIMARY KEY, batch_id integer REFERENCES public.batches);
CREATE UNLOGGED TABLE public.batch_notes (batch_id integer REFERENCES public.batches);
