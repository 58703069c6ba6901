CREATE TABLE public.customer (id serial PRIMARY KEY, email text NOT NULL);
CREATE INDEX customer_email_idx ON public.customer (email);
