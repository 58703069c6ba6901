-- Statistics targets of expression index columns (ALTER INDEX … ALTER COLUMN n SET STATISTICS).
CREATE TABLE public.metrics (a integer, b integer);
CREATE INDEX metrics_sum ON public.metrics ((a + b)) WITH (fillfactor = 60);
ALTER INDEX public.metrics_sum ALTER COLUMN 1 SET STATISTICS 300;
CREATE INDEX metrics_prod ON public.metrics (a, (a * b));
ALTER INDEX public.metrics_prod ALTER COLUMN 2 SET STATISTICS 50;
