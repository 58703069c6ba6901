CREATE TABLE public.jobs (id integer NOT NULL, shard integer NOT NULL, payload jsonb, state text DEFAULT 'new');
ALTER TABLE public.jobs ADD CONSTRAINT jobs_pkey PRIMARY KEY (shard, id);
CREATE INDEX jobs_state ON public.jobs (state) WHERE state <> 'done';
COMMENT ON COLUMN public.jobs.payload IS 'job input';
