DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE public.messages (id integer PRIMARY KEY, sender text NOT NULL, recipient text NOT NULL, body text);
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_read ON public.messages FOR SELECT TO confiture_app_reader
    USING (recipient = current_user OR sender = current_user);
CREATE POLICY messages_send ON public.messages FOR INSERT TO confiture_app_writer WITH CHECK (sender = current_user);
CREATE POLICY messages_edit ON public.messages FOR UPDATE TO confiture_app_writer
    USING (sender = current_user) WITH CHECK (sender = current_user);
CREATE POLICY messages_no_delete ON public.messages AS RESTRICTIVE FOR DELETE USING (false);
