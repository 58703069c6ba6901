CREATE TABLE public.orders (id integer, status text, qty integer);
CREATE VIEW public.orders_v AS SELECT id, status, qty FROM public.orders;
ALTER VIEW public.orders_v ALTER COLUMN qty SET DEFAULT 1;
