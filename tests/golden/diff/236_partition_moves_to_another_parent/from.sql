CREATE TABLE public.current_logs (at date NOT NULL, msg text, level integer DEFAULT 1, CHECK (level >= 0))
  PARTITION BY RANGE (at);
CREATE TABLE public.archive_logs (at date NOT NULL, msg text, level integer DEFAULT 0) PARTITION BY RANGE (at);
CREATE TABLE public.logs_2024 PARTITION OF public.current_logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.logs_2025 PARTITION OF public.current_logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE public.logs_2024 ALTER COLUMN msg SET NOT NULL;
CREATE INDEX current_logs_at ON public.current_logs (at);
CREATE INDEX archive_logs_at ON public.archive_logs (at);
