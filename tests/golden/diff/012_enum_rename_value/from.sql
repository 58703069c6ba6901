CREATE TYPE public.color AS ENUM ('red', 'grene', 'blue');
CREATE TABLE public.widgets (id integer PRIMARY KEY, color public.color NOT NULL);
