CREATE TABLE public.users (id integer PRIMARY KEY, mail text NOT NULL UNIQUE, fullname text);
CREATE INDEX users_fullname_idx ON public.users (fullname);
