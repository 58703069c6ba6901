CREATE TABLE public.users (id integer PRIMARY KEY, username text NOT NULL, email text NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username));
