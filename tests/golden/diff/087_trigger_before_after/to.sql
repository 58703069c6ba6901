CREATE TABLE public.posts (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
CREATE TABLE public.post_log (post_id integer, op text, at timestamptz DEFAULT now());
CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END; $$;
CREATE FUNCTION public.log_post_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.post_log (post_id, op) VALUES (COALESCE(NEW.id, OLD.id), TG_OP); RETURN NULL; END; $$;
CREATE TRIGGER posts_touch BEFORE UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER posts_log AFTER INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION public.log_post_change();
CREATE TRIGGER posts_truncate_log AFTER TRUNCATE ON public.posts FOR EACH STATEMENT EXECUTE FUNCTION public.log_post_change();
