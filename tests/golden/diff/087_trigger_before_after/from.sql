CREATE TABLE public.posts (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
CREATE TABLE public.post_log (post_id integer, op text, at timestamptz DEFAULT now());
CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END; $$;
