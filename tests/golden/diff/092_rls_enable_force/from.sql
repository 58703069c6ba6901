CREATE TABLE public.documents (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);
CREATE TABLE public.secrets (id integer PRIMARY KEY, value text);
ALTER TABLE public.secrets ENABLE ROW LEVEL SECURITY;
