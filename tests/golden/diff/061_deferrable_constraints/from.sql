CREATE TABLE public.nodes (id integer PRIMARY KEY, parent_id integer REFERENCES public.nodes (id), position integer NOT NULL,
    CONSTRAINT nodes_position_key UNIQUE (parent_id, position));
