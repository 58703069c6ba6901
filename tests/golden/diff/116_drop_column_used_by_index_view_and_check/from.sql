CREATE TABLE public.listings (
    id integer PRIMARY KEY,
    title text NOT NULL,
    legacy_score integer CONSTRAINT listings_score_check CHECK (legacy_score BETWEEN 0 AND 10),
    price numeric
);
CREATE INDEX listings_score_idx ON public.listings (legacy_score DESC);
CREATE VIEW public.ranked_listings AS SELECT id, title, legacy_score FROM public.listings ORDER BY legacy_score DESC;
