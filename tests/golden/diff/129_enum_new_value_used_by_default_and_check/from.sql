CREATE TYPE public.account_state AS ENUM ('active', 'closed');
CREATE TABLE public.accounts (id integer PRIMARY KEY, state public.account_state NOT NULL DEFAULT 'active');
