CREATE TABLE public.rectangles (id integer PRIMARY KEY, width numeric NOT NULL, height numeric NOT NULL);
