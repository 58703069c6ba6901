CREATE TABLE public.sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
CREATE MATERIALIZED VIEW public.region_totals AS
    SELECT region, sum(amount) AS total, count(*) AS sale_count FROM public.sales GROUP BY region;
CREATE UNIQUE INDEX region_totals_region_key ON public.region_totals (region);
CREATE VIEW public.top_regions AS SELECT region FROM public.region_totals WHERE total > 1000;
