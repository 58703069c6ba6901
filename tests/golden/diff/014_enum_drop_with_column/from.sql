CREATE TYPE public.gender AS ENUM ('f', 'm', 'x');
CREATE TABLE public.people (id integer PRIMARY KEY, name text NOT NULL, gender public.gender);
