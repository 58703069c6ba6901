-- Partitions detached from a table that keeps its key: the catalog does not name a partition's
-- copy of its parent's key or unique constraint, so once detached each is found by its
-- definition and kept under the name the desired table gives it, or dropped when the desired
-- table has none. Going back, attaching keeps a table's own key under its name (the server's
-- name for a partition without one).
CREATE TABLE public.readings (id bigint NOT NULL, at date NOT NULL, code text, PRIMARY KEY (id, at), UNIQUE (code, at))
  PARTITION BY RANGE (at);
CREATE TABLE public.readings_2024 (id bigint NOT NULL, at date NOT NULL, code text,
  CONSTRAINT readings_2024_archived_pk PRIMARY KEY (id, at), CONSTRAINT readings_2024_code UNIQUE (code, at));
CREATE TABLE public.readings_2025 (id bigint NOT NULL, at date NOT NULL, code text);
CREATE TABLE public.readings_2026 PARTITION OF public.readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
