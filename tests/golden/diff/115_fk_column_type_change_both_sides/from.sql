CREATE TABLE public.accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.transfers (
    id integer PRIMARY KEY,
    from_account integer NOT NULL REFERENCES public.accounts (id),
    to_account integer NOT NULL REFERENCES public.accounts (id),
    amount numeric NOT NULL
);
CREATE INDEX transfers_from_idx ON public.transfers (from_account);
