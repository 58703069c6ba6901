CREATE TYPE public.severity AS ENUM ('low', 'high');
CREATE TABLE public.incidents (id integer PRIMARY KEY, severity public.severity NOT NULL);
