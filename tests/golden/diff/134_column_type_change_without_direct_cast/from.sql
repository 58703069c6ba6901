CREATE TABLE public.events (
    id integer PRIMARY KEY,
    happened_at bigint,
    payload bytea,
    flag boolean,
    tags integer[]
);
