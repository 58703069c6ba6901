CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.transfers (
    id bigint PRIMARY KEY,
    from_account bigint NOT NULL REFERENCES public.accounts (id),
    to_account bigint NOT NULL REFERENCES public.accounts (id),
    amount numeric NOT NULL
);
CREATE INDEX transfers_from_idx ON public.transfers (from_account);
