-- Tables that already exist become the partitions of a table that becomes partitioned by list:
-- they are attached (ALTER TABLE … ATTACH PARTITION), keeping their rows, their own default,
-- comment and index, after the NOT NULL the parent requires is set; a new partition is created.
-- Going back, they are detached and keep their rows.
CREATE TABLE public.sales (region text NOT NULL, sold_on date NOT NULL, amount numeric(12,2)) PARTITION BY LIST (region);
CREATE TABLE public.sales_eu (region text NOT NULL, sold_on date NOT NULL, amount numeric(12,2));
ALTER TABLE public.sales ATTACH PARTITION public.sales_eu FOR VALUES IN ('eu');
CREATE TABLE public.sales_us (region text NOT NULL, sold_on date NOT NULL, amount numeric(12,2) DEFAULT 0);
ALTER TABLE public.sales ATTACH PARTITION public.sales_us FOR VALUES IN ('us', 'ca');
CREATE TABLE public.sales_other PARTITION OF public.sales DEFAULT;
CREATE INDEX sales_eu_sold_on ON public.sales_eu (sold_on);
COMMENT ON TABLE public.sales_us IS 'United States';
