CREATE TABLE public.readings (id bigint NOT NULL, at date NOT NULL, code text, PRIMARY KEY (id, at), UNIQUE (code, at))
  PARTITION BY RANGE (at);
CREATE TABLE public.readings_2024 (id bigint NOT NULL, at date NOT NULL, code text,
  CONSTRAINT readings_2024_archived_pk PRIMARY KEY (id, at), CONSTRAINT readings_2024_code UNIQUE (code, at));
ALTER TABLE public.readings ATTACH PARTITION public.readings_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.readings_2025 PARTITION OF public.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.readings_2026 PARTITION OF public.readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
