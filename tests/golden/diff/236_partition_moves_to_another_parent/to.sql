-- A partition moves to another partitioned table: detached (its copy of the old parent's check
-- and index become its own, and are dropped), then attached to the new parent, whose index takes
-- the server's copy; the partition keeps its own NOT NULL and rows; its default follows the new
-- parent's (attaching copies none, so it is set).
CREATE TABLE public.current_logs (at date NOT NULL, msg text, level integer DEFAULT 1, CHECK (level >= 0))
  PARTITION BY RANGE (at);
CREATE TABLE public.archive_logs (at date NOT NULL, msg text, level integer DEFAULT 0) PARTITION BY RANGE (at);
CREATE TABLE public.logs_2024 PARTITION OF public.archive_logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.logs_2025 PARTITION OF public.current_logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE public.logs_2024 ALTER COLUMN msg SET NOT NULL;
CREATE INDEX current_logs_at ON public.current_logs (at);
CREATE INDEX archive_logs_at ON public.archive_logs (at);
