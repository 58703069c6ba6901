CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE public.stock (sku text PRIMARY KEY, qty public.positive_int);
