CREATE TABLE public.stats (a integer, b integer, c text);
ALTER TABLE public.stats ALTER COLUMN b SET (n_distinct = 50);
