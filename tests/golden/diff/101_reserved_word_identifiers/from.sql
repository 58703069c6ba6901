CREATE TABLE public."user" (id integer PRIMARY KEY, "select" text);
