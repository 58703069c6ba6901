CREATE DOMAIN public.percentage AS numeric(5,2)
    CONSTRAINT percentage_range CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE TABLE public.discounts (id integer PRIMARY KEY, pct public.percentage NOT NULL);
