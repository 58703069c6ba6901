CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric NOT NULL, currency text NOT NULL, changed_at timestamptz);
CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END; $$;
CREATE TRIGGER prices_stamp BEFORE UPDATE OF amount, currency ON public.prices FOR EACH ROW
    WHEN (OLD.amount IS DISTINCT FROM NEW.amount OR OLD.currency IS DISTINCT FROM NEW.currency)
    EXECUTE FUNCTION public.stamp();
