CREATE TABLE public.sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL, sold_on date NOT NULL);
CREATE MATERIALIZED VIEW public.sales_by_region AS
    SELECT region, date_trunc('month', sold_on)::date AS month, sum(amount) AS total
    FROM public.sales GROUP BY 1, 2
    WITH NO DATA;
CREATE UNIQUE INDEX sales_by_region_key ON public.sales_by_region (region, month);
