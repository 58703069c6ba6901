CREATE TABLE public.profiles (id integer PRIMARY KEY, display_name text, bio text NOT NULL);
