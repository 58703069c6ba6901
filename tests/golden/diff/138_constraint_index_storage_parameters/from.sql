CREATE TABLE public.accounts (
    id integer,
    email text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id)
);
