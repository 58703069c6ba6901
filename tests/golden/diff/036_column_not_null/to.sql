CREATE TABLE public.profiles (id integer PRIMARY KEY, display_name text NOT NULL, bio text);
