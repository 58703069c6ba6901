CREATE TABLE public.users (id serial PRIMARY KEY, name text NOT NULL);
