CREATE TABLE public.users (id integer PRIMARY KEY);
CREATE TABLE public.tmp_import (id integer, raw text, imported_at timestamp DEFAULT now());
CREATE INDEX tmp_import_id_idx ON public.tmp_import (id);
