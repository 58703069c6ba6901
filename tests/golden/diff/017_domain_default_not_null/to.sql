CREATE DOMAIN public.positive_int AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 0);
CREATE TABLE public.stock (sku text PRIMARY KEY, qty public.positive_int);
COMMENT ON DOMAIN public.positive_int IS 'Strictly positive integer, defaults to 1';
