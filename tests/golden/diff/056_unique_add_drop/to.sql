CREATE TABLE public.users (id integer PRIMARY KEY, username text NOT NULL, email text NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_email_key UNIQUE NULLS NOT DISTINCT (username, email));
