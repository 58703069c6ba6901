CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    phone varchar(32),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    tags text[] NOT NULL DEFAULT '{}'
);
