-- A partitioned index attaches an existing index of a partition (kept under its name); the
-- indexes of partitions carry comments; a changed partitioned index is rebuilt with them.
CREATE TABLE public.events (id integer, kind text, at timestamp) PARTITION BY LIST (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES IN (1);
CREATE TABLE public.events_2 PARTITION OF public.events FOR VALUES IN (2);
CREATE INDEX events_kind ON ONLY public.events (kind);
CREATE INDEX events_1_kind_custom ON public.events_1 (kind);
ALTER INDEX public.events_kind ATTACH PARTITION public.events_1_kind_custom;
CREATE INDEX events_2_kind_custom ON public.events_2 (kind);
ALTER INDEX public.events_kind ATTACH PARTITION public.events_2_kind_custom;
COMMENT ON INDEX public.events_2_kind_custom IS 'attached';
CREATE INDEX events_at ON public.events (at DESC);
COMMENT ON INDEX public.events_1_at_idx IS 'made by the partitioned index';
