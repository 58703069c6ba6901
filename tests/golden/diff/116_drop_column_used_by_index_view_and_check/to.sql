CREATE TABLE public.listings (
    id integer PRIMARY KEY,
    title text NOT NULL,
    price numeric
);
CREATE VIEW public.ranked_listings AS SELECT id, title, price FROM public.listings ORDER BY price DESC NULLS LAST;
