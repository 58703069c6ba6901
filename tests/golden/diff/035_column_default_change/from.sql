CREATE TABLE public.jobs (
    id integer PRIMARY KEY,
    attempts integer DEFAULT 0,
    queue text DEFAULT 'default',
    run_at timestamptz,
    payload jsonb DEFAULT '{}'::jsonb
);
