CREATE TABLE public.notes (id integer PRIMARY KEY, owner_id integer NOT NULL, body text);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_owner ON public.notes USING (owner_id = current_setting('app.user_id', true)::integer);
