CREATE TABLE public.logs (id bigint NOT NULL, logged_on date NOT NULL, message text) PARTITION BY RANGE (logged_on);
CREATE TABLE public.logs_2024 (id bigint NOT NULL, logged_on date NOT NULL, message text);
CREATE TABLE public.logs_2025 PARTITION OF public.logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.logs_2026 PARTITION OF public.logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
