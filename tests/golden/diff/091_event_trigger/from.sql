CREATE FUNCTION public.forbid_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'drops are not allowed'; END; $$;
