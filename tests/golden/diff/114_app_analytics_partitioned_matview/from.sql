CREATE TABLE public.page_views (
    id bigint GENERATED ALWAYS AS IDENTITY,
    viewed_at timestamptz NOT NULL,
    path text NOT NULL,
    visitor uuid
);
CREATE INDEX page_views_viewed_idx ON public.page_views (viewed_at);
