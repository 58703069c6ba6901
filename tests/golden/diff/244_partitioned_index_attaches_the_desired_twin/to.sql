-- A partition has two indexes of one definition and the desired state attaches the other one to
-- the partitioned index. The server cannot detach an index from a partitioned index, so the
-- partitioned index is built again (ON ONLY), and exactly the desired indexes are attached to it
-- (ALTER INDEX … ATTACH PARTITION), not the first match the server would find; the twin that gets
-- attached is not built again (its OID stays below a marker made last).
CREATE TABLE public.t (id integer NOT NULL, at date) PARTITION BY RANGE (id);
CREATE TABLE public.t_1 PARTITION OF public.t FOR VALUES FROM (0) TO (10);
CREATE TABLE public.t_2 PARTITION OF public.t FOR VALUES FROM (10) TO (20);
CREATE INDEX t_at ON ONLY public.t (at);
CREATE INDEX t_1_at ON public.t_1 (at);
CREATE INDEX t_2_at ON public.t_2 (at);
CREATE INDEX t_2_at_twin ON public.t_2 (at);
ALTER INDEX public.t_at ATTACH PARTITION public.t_1_at;
ALTER INDEX public.t_at ATTACH PARTITION public.t_2_at_twin;
CREATE SEQUENCE public.marker;
