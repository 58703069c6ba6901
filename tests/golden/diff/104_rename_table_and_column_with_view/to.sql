CREATE TABLE public.products ( -- confiture:renamed-from item
    id integer PRIMARY KEY,
    title text NOT NULL, -- confiture:renamed-from label
    qty integer NOT NULL DEFAULT 0,
    sku text
);
CREATE VIEW public.in_stock AS SELECT id, title FROM public.products WHERE qty > 0;
