CREATE TABLE public.orders (id integer PRIMARY KEY, tenant text NOT NULL, total numeric NOT NULL);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_tenant ON public.orders USING (tenant = current_setting('app.tenant', true));
CREATE VIEW public.order_totals WITH (security_invoker = true) AS SELECT tenant, sum(total) AS total FROM public.orders GROUP BY tenant;
