CREATE TABLE public.jobs (
    id integer PRIMARY KEY,
    attempts integer DEFAULT 1,
    queue text,
    run_at timestamptz DEFAULT now(),
    payload jsonb DEFAULT '{"v": 2}'::jsonb
);
