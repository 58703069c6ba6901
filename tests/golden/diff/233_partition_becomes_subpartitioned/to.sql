-- Multi-level: a partition becomes partitioned by range (created again under its parent, with
-- the parent's index), and a table that already exists is attached under it, keeping its rows.
CREATE TABLE public.metrics (host text NOT NULL, at timestamp NOT NULL, v double precision) PARTITION BY LIST (host);
CREATE TABLE public.metrics_a PARTITION OF public.metrics FOR VALUES IN ('a');
CREATE TABLE public.metrics_b PARTITION OF public.metrics FOR VALUES IN ('b') PARTITION BY RANGE (at);
CREATE TABLE public.metrics_b_2025 (host text NOT NULL, at timestamp NOT NULL, v double precision);
ALTER TABLE public.metrics_b ATTACH PARTITION public.metrics_b_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX metrics_at ON public.metrics (at);
