CREATE TABLE public.documents (id integer PRIMARY KEY, body text, thumbnail bytea);
ALTER TABLE public.documents ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE public.documents ALTER COLUMN thumbnail SET STORAGE MAIN;
ALTER TABLE public.documents ALTER COLUMN id SET STATISTICS 500;
