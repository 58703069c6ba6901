CREATE TABLE public.sales (region text NOT NULL, sold_on date NOT NULL, amount numeric(12,2));
CREATE TABLE public.sales_eu (region text NOT NULL, sold_on date NOT NULL, amount numeric(12,2));
CREATE TABLE public.sales_us (region text, sold_on date NOT NULL, amount numeric(12,2) DEFAULT 0);
CREATE INDEX sales_eu_sold_on ON public.sales_eu (sold_on);
COMMENT ON TABLE public.sales_us IS 'United States';
