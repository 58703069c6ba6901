-- Comments on the index of a constraint and on a domain constraint (kept when it is re-added).
CREATE DOMAIN public.percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 1000);
COMMENT ON CONSTRAINT percent_range ON DOMAIN public.percent IS 'a percentage';
CREATE DOMAIN public.code AS text CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
COMMENT ON CONSTRAINT code_upper ON DOMAIN public.code IS 'upper case';
CREATE TABLE public.accounts (id integer PRIMARY KEY, email text UNIQUE);
COMMENT ON INDEX public.accounts_pkey IS 'primary key index';
COMMENT ON INDEX public.accounts_email_key IS 'one account per email';
