CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    fax text,
    legacy_code char(8) UNIQUE
);
