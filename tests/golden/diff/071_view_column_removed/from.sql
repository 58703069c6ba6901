CREATE TABLE public.employees (id integer PRIMARY KEY, name text NOT NULL, salary numeric);
CREATE VIEW public.payroll AS SELECT id, name, salary FROM public.employees;
