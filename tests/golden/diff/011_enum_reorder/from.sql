CREATE TYPE public.priority AS ENUM ('high', 'low', 'medium');
CREATE TABLE public.tasks (id integer PRIMARY KEY, priority public.priority);
