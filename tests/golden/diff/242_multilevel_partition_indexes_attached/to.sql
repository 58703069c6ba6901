-- Two levels: a partitioned index on the top table takes the index of the sub-partitioned
-- partition (itself partitioned, taking its leaves' indexes) and the leaf's, all kept under their
-- names; a unique constraint on the sub-partitioned partition takes one leaf's, and the other
-- leaf gets the server's. A new leaf gets the server's copies.
CREATE TABLE public.m (region text NOT NULL, at date NOT NULL, v integer) PARTITION BY LIST (region);
CREATE TABLE public.m_a PARTITION OF public.m FOR VALUES IN ('a') PARTITION BY RANGE (at);
CREATE TABLE public.m_a_2025 PARTITION OF public.m_a FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.m_a_2026 PARTITION OF public.m_a FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE public.m_b PARTITION OF public.m FOR VALUES IN ('b');
CREATE INDEX m_a_2025_at_custom ON public.m_a_2025 (at);
CREATE INDEX m_a_2026_at_custom ON public.m_a_2026 (at);
CREATE INDEX m_b_at_custom ON public.m_b (at);
ALTER TABLE public.m_a_2025 ADD CONSTRAINT m_a_2025_key UNIQUE (v, at, region);
CREATE INDEX m_at ON ONLY public.m (at);
CREATE INDEX m_a_at ON ONLY public.m_a (at);
ALTER INDEX public.m_a_at ATTACH PARTITION public.m_a_2025_at_custom;
ALTER INDEX public.m_a_at ATTACH PARTITION public.m_a_2026_at_custom;
ALTER INDEX public.m_at ATTACH PARTITION public.m_a_at;
ALTER INDEX public.m_at ATTACH PARTITION public.m_b_at_custom;
ALTER TABLE public.m_a ADD CONSTRAINT m_a_key UNIQUE (v, at, region);
CREATE TABLE public.m_a_2027 PARTITION OF public.m_a FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
CREATE SEQUENCE public.marker;
