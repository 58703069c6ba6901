CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL, changed_at timestamptz);
CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END; $$;
CREATE TRIGGER prices_stamp BEFORE UPDATE OF amount ON public.prices FOR EACH ROW
    WHEN (OLD.amount IS DISTINCT FROM NEW.amount) EXECUTE FUNCTION public.stamp();
