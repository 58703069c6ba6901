CREATE TABLE public.customer (id integer PRIMARY KEY, email text NOT NULL, age integer);
CREATE INDEX customer_email_idx ON public.customer (email);
CREATE INDEX customer_age_a ON public.customer (age);
CREATE INDEX customer_age_b ON public.customer (age);
