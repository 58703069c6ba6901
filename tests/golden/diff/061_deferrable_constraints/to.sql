CREATE TABLE public.nodes (id integer PRIMARY KEY,
    parent_id integer REFERENCES public.nodes (id) DEFERRABLE INITIALLY DEFERRED,
    position integer NOT NULL,
    CONSTRAINT nodes_position_key UNIQUE (parent_id, position) DEFERRABLE INITIALLY IMMEDIATE);
