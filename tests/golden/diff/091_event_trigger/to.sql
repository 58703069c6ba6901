CREATE FUNCTION public.forbid_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'drops are not allowed'; END; $$;
CREATE FUNCTION public.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'ddl: %', tg_tag; END; $$;
CREATE EVENT TRIGGER confiture_note_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION public.note_ddl();
ALTER EVENT TRIGGER confiture_note_ddl DISABLE;
