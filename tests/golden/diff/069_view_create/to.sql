CREATE TABLE public.orders (id integer PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL, status text NOT NULL);
CREATE VIEW public.open_orders AS SELECT id, customer, total FROM public.orders WHERE status = 'open';
CREATE VIEW public.customer_totals AS
    SELECT customer, sum(total) AS total, count(*) AS order_count FROM public.open_orders GROUP BY customer;
