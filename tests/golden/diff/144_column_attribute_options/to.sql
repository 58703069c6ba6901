-- Attribute options (ALTER COLUMN … SET (n_distinct …)).
CREATE TABLE public.stats (a integer, b integer, c text);
ALTER TABLE public.stats ALTER COLUMN a SET (n_distinct = -0.5, n_distinct_inherited = 10);
CREATE TABLE public.stats2 (x integer);
ALTER TABLE public.stats2 ALTER COLUMN x SET (n_distinct = 7);
