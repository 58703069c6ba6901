INSERT INTO public.customer (email, referrer_id, age) VALUES ('a@example.org', NULL, 30), ('b@example.org', 1, 15);
INSERT INTO public.orders VALUES (1, 1), (2, 2);
