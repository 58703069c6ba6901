CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE INDEX users_email_idx ON public.users (email);
