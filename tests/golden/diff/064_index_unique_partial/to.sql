CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_live_key ON public.users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted_idx ON public.users (deleted_at DESC NULLS LAST) WHERE deleted_at IS NOT NULL;
