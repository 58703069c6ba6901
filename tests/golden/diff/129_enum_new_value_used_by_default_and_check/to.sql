CREATE TYPE public.account_state AS ENUM ('pending', 'active', 'closed');
CREATE TABLE public.accounts (
    id integer PRIMARY KEY,
    state public.account_state NOT NULL DEFAULT 'pending',
    closed_at timestamptz,
    CONSTRAINT accounts_closed_check CHECK (state <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX accounts_pending_idx ON public.accounts (id) WHERE state = 'pending';
