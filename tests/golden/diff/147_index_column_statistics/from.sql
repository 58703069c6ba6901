CREATE TABLE public.metrics (a integer, b integer);
CREATE INDEX metrics_sum ON public.metrics ((a + b));
