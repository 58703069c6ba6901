CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer NOT NULL, total numeric, placed_at timestamptz);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
