CREATE TABLE public.audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, msg text NOT NULL);
CREATE PROCEDURE public.log_message(m text) LANGUAGE sql AS $$ INSERT INTO public.audit (msg) VALUES (upper(m)) $$;
CREATE PROCEDURE public.purge_audit(keep integer DEFAULT 100) LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM public.audit WHERE id <= (SELECT max(id) - keep FROM public.audit);
    COMMIT;
END;
$$;
