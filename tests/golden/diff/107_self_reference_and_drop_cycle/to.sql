CREATE TABLE public.tree (id integer PRIMARY KEY, parent_id integer REFERENCES public.tree (id) ON DELETE CASCADE, label text);
