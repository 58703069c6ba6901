CREATE TABLE public.metrics (host text NOT NULL, at timestamp NOT NULL, v double precision) PARTITION BY LIST (host);
CREATE TABLE public.metrics_a PARTITION OF public.metrics FOR VALUES IN ('a');
CREATE TABLE public.metrics_b PARTITION OF public.metrics FOR VALUES IN ('b');
CREATE TABLE public.metrics_b_2025 (host text NOT NULL, at timestamp NOT NULL, v double precision);
CREATE INDEX metrics_at ON public.metrics (at);
