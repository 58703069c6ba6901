CREATE TABLE public.events (id integer PRIMARY KEY, payload jsonb);
CREATE SEQUENCE public.events_id_seq AS integer;
ALTER TABLE public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq');
