-- Storage parameters of a constraint's index (not part of pg_get_constraintdef).
CREATE TABLE public.accounts (
    id integer,
    email text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id) WITH (fillfactor = 70),
    CONSTRAINT accounts_email_key UNIQUE (email) INCLUDE (id) WITH (fillfactor = 80) DEFERRABLE INITIALLY DEFERRED
);
