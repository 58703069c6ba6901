CREATE TYPE public.mood AS ENUM ('sad', 'meh', 'ok', 'happy');
CREATE TABLE public.diary (id integer PRIMARY KEY, mood public.mood NOT NULL DEFAULT 'meh');
CREATE FUNCTION public.mood_score(m public.mood) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE m WHEN 'sad' THEN -2 WHEN 'meh' THEN -1 WHEN 'ok' THEN 0 ELSE 1 END $$;
