CREATE TABLE public.documents (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_owner ON public.documents USING (owner = current_user);
CREATE TABLE public.secrets (id integer PRIMARY KEY, value text);
