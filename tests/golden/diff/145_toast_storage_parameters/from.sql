CREATE TABLE public.docs (id integer, body text) WITH (toast.autovacuum_enabled = false);
CREATE TABLE public.notes (id integer, body text);
