CREATE TYPE public.severity AS ENUM ('trivial', 'low', 'medium', 'high', 'critical');
CREATE TABLE public.incidents (id integer PRIMARY KEY, severity public.severity NOT NULL);
