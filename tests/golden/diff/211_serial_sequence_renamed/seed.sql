INSERT INTO public.s2 (note) VALUES ('a'), ('b');
INSERT INTO public.tags DEFAULT VALUES;
INSERT INTO public.tags DEFAULT VALUES;
