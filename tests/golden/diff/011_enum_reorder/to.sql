CREATE TYPE public.priority AS ENUM ('low', 'medium', 'high');
CREATE TABLE public.tasks (id integer PRIMARY KEY, priority public.priority);
