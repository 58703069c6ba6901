CREATE FUNCTION public.normalize_email(e text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(e) $$;
CREATE TABLE public.subscribers (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX subscribers_email_key ON public.subscribers (public.normalize_email(email));
