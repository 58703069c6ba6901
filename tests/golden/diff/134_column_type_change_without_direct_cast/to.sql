-- No cast exists from bigint to timestamp, bytea to character, boolean to numeric.
CREATE TABLE public.events (
    id integer PRIMARY KEY,
    happened_at timestamp without time zone,
    payload character(1),
    flag numeric,
    tags bigint[]
);
