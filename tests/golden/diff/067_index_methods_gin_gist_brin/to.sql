CREATE TABLE public.docs (id integer PRIMARY KEY, tags text[], body tsvector, area box, created_at timestamptz NOT NULL);
CREATE INDEX docs_tags_idx ON public.docs USING gin (tags);
CREATE INDEX docs_body_idx ON public.docs USING gin (body);
CREATE INDEX docs_area_idx ON public.docs USING gist (area);
CREATE INDEX docs_created_brin ON public.docs USING brin (created_at) WITH (pages_per_range = 32);
CREATE INDEX docs_id_hash ON public.docs USING hash (id);
