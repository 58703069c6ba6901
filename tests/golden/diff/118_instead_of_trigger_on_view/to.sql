CREATE TABLE public.people (id integer PRIMARY KEY, first_name text, last_name text);
CREATE VIEW public.people_names AS SELECT id, first_name || ' ' || last_name AS full_name FROM public.people;
CREATE FUNCTION public.people_names_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.people (id, first_name, last_name)
    VALUES (NEW.id, split_part(NEW.full_name, ' ', 1), split_part(NEW.full_name, ' ', 2));
    RETURN NEW;
END; $$;
CREATE TRIGGER people_names_insert INSTEAD OF INSERT ON public.people_names
    FOR EACH ROW EXECUTE FUNCTION public.people_names_insert();
