CREATE TABLE public.item (id integer PRIMARY KEY, label text NOT NULL, qty integer NOT NULL DEFAULT 0);
