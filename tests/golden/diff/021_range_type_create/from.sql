CREATE TABLE public.rooms (id integer PRIMARY KEY);
