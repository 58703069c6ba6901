-- Column defaults of views (used by INSERT through the view).
CREATE TABLE public.orders (id integer, status text, qty integer);
CREATE VIEW public.orders_v AS SELECT id, status, qty FROM public.orders;
ALTER VIEW public.orders_v ALTER COLUMN status SET DEFAULT 'new';
CREATE VIEW public.open_orders AS SELECT id, status FROM public.orders WHERE status <> 'done';
ALTER VIEW public.open_orders ALTER COLUMN status SET DEFAULT 'open';
