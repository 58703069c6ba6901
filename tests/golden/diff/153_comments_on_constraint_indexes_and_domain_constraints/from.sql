CREATE DOMAIN public.percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
COMMENT ON CONSTRAINT percent_range ON DOMAIN public.percent IS 'a percentage';
CREATE TABLE public.accounts (id integer PRIMARY KEY, email text UNIQUE);
