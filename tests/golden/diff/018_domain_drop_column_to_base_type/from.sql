CREATE DOMAIN public.us_zip AS text CHECK (VALUE ~ '^\d{5}$');
CREATE TABLE public.addresses (id integer PRIMARY KEY, zip public.us_zip);
