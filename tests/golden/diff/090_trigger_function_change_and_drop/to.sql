CREATE TABLE public.items (id integer PRIMARY KEY, name text, name_upper text);
CREATE FUNCTION public.items_upper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name_upper := upper(trim(NEW.name)); RETURN NEW; END; $$;
CREATE TRIGGER items_upper BEFORE INSERT OR UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.items_upper();
