DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.messages (id integer PRIMARY KEY, sender text NOT NULL, recipient text NOT NULL, body text);
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_read ON public.messages FOR SELECT USING (recipient = current_user);
