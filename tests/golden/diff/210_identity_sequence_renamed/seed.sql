INSERT INTO public.labels (name) VALUES ('a'), ('b');
