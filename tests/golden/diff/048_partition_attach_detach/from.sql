CREATE TABLE public.logs (id bigint NOT NULL, logged_on date NOT NULL, message text) PARTITION BY RANGE (logged_on);
CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.logs_2025 PARTITION OF public.logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.logs_2026 (id bigint NOT NULL, logged_on date NOT NULL, message text);
