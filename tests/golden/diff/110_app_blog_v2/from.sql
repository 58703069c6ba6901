CREATE TABLE public.users (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text,
    created_at timestamp DEFAULT now()
);
CREATE TABLE public.posts (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES public.users (id),
    title text NOT NULL,
    body text,
    published boolean DEFAULT false,
    created_at timestamp DEFAULT now()
);
CREATE TABLE public.comments (
    id serial PRIMARY KEY,
    post_id integer NOT NULL REFERENCES public.posts (id),
    author text,
    body text NOT NULL
);
CREATE INDEX posts_user_idx ON public.posts (user_id);
CREATE VIEW public.published_posts AS SELECT id, user_id, title, created_at FROM public.posts WHERE published;
