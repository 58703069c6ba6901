CREATE TABLE public.docs (id integer PRIMARY KEY, tags text[], body tsvector, area box, created_at timestamptz NOT NULL);
