CREATE TABLE public.misc (id integer PRIMARY KEY);
CREATE TABLE public.departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer);
CREATE TABLE public.employees (id integer PRIMARY KEY, name text NOT NULL,
    department_id integer REFERENCES public.departments (id));
ALTER TABLE public.departments ADD CONSTRAINT departments_manager_fk FOREIGN KEY (manager_id) REFERENCES public.employees (id)
    DEFERRABLE INITIALLY DEFERRED;
