-- Storage parameters of a table's TOAST relation (toast.*).
CREATE TABLE public.docs (id integer, body text) WITH (fillfactor = 90);
CREATE TABLE public.notes (id integer, body text) WITH (toast.autovacuum_vacuum_threshold = 500);
CREATE TABLE public.pages (id integer, body text) WITH (toast_tuple_target = 256, toast.autovacuum_enabled = false);
