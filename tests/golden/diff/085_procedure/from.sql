CREATE TABLE public.audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, msg text NOT NULL);
CREATE PROCEDURE public.log_message(m text) LANGUAGE sql AS $$ INSERT INTO public.audit (msg) VALUES (m) $$;
