CREATE TABLE public.orders (id bigint NOT NULL, placed_on date NOT NULL, total numeric(10,2), PRIMARY KEY (id, placed_on));
CREATE VIEW public.big_orders AS SELECT id, placed_on, total FROM public.orders WHERE total > 100;
CREATE VIEW public.unrelated AS SELECT 1 AS one;
