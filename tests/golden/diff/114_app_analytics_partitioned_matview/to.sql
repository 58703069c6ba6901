CREATE TABLE public.page_views (
    id bigint GENERATED ALWAYS AS IDENTITY,
    viewed_at timestamptz NOT NULL,
    path text NOT NULL,
    visitor uuid
);
CREATE INDEX page_views_viewed_idx ON public.page_views USING brin (viewed_at);
CREATE TABLE public.daily_views (
    day date NOT NULL,
    path text NOT NULL,
    views bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, path)
) PARTITION BY RANGE (day);
CREATE TABLE public.daily_views_2026_q1 PARTITION OF public.daily_views FOR VALUES FROM ('2026-01-01') TO ('2026-04-01');
CREATE TABLE public.daily_views_2026_q2 PARTITION OF public.daily_views FOR VALUES FROM ('2026-04-01') TO ('2026-07-01');
CREATE MATERIALIZED VIEW public.top_paths AS
    SELECT path, sum(views) AS views FROM public.daily_views GROUP BY path ORDER BY 2 DESC LIMIT 100;
CREATE UNIQUE INDEX top_paths_path_key ON public.top_paths (path);
CREATE FUNCTION public.rollup_day(d date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO public.daily_views (day, path, views)
    SELECT d, path, count(*) FROM public.page_views WHERE viewed_at::date = d GROUP BY path
    ON CONFLICT (day, path) DO UPDATE SET views = EXCLUDED.views
$$;
