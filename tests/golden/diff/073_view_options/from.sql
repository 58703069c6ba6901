CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL);
CREATE VIEW public.my_accounts AS SELECT id, owner, balance FROM public.accounts WHERE owner = current_user;
CREATE VIEW public.positive_accounts AS SELECT id, owner, balance FROM public.accounts WHERE balance > 0;
