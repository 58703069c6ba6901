INSERT INTO public.users (email, name) VALUES ('ada@example.org', 'Ada');
INSERT INTO public.posts (user_id, title, published) VALUES (1, 'Hello World', true);
INSERT INTO public.comments (post_id, author, body) VALUES (1, 'bob', 'nice');
