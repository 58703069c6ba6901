INSERT INTO public.customer (email) VALUES ('a@example.org'), ('b@example.org');
