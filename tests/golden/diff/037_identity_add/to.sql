CREATE TABLE public.notes (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);
