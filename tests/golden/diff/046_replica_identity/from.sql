CREATE TABLE public.accounts (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX accounts_email_key ON public.accounts (email);
CREATE TABLE public.ledger (id integer, amount numeric);
