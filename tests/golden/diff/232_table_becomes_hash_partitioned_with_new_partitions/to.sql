-- A table becomes partitioned by hash into new partitions: created again with its key, partial
-- index and column comment.
CREATE TABLE public.jobs (id integer NOT NULL, shard integer NOT NULL, payload jsonb, state text DEFAULT 'new')
  PARTITION BY HASH (shard);
CREATE TABLE public.jobs_0 PARTITION OF public.jobs FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE public.jobs_1 PARTITION OF public.jobs FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE public.jobs_2 PARTITION OF public.jobs FOR VALUES WITH (MODULUS 3, REMAINDER 2);
ALTER TABLE public.jobs ADD CONSTRAINT jobs_pkey PRIMARY KEY (shard, id);
CREATE INDEX jobs_state ON public.jobs (state) WHERE state <> 'done';
COMMENT ON COLUMN public.jobs.payload IS 'job input';
