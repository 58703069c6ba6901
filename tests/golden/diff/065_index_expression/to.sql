CREATE TABLE public.accounts (id integer PRIMARY KEY, email text NOT NULL, data jsonb);
CREATE UNIQUE INDEX accounts_lower_email_key ON public.accounts (lower(email));
CREATE INDEX accounts_plan_idx ON public.accounts ((data ->> 'plan'), (data ->> 'region'));
