CREATE TABLE public.employees (id integer PRIMARY KEY, name text NOT NULL, salary numeric, dept text);
CREATE VIEW public.staff AS SELECT id, name FROM public.employees;
