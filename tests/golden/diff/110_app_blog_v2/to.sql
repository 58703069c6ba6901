CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE public.post_state AS ENUM ('draft', 'published', 'archived');
CREATE TABLE public.users (
    id serial PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    name text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    bio text
);
CREATE TABLE public.posts (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) <= 200),
    body text,
    created_at timestamptz NOT NULL DEFAULT now(),
    state public.post_state NOT NULL DEFAULT 'draft',
    slug text NOT NULL GENERATED ALWAYS AS (lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))) STORED
);
CREATE TABLE public.comments (
    id serial PRIMARY KEY,
    post_id integer NOT NULL REFERENCES public.posts (id) ON DELETE CASCADE,
    user_id integer REFERENCES public.users (id) ON DELETE SET NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.tags (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE public.post_tags (
    post_id integer NOT NULL REFERENCES public.posts (id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES public.tags (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX posts_user_idx ON public.posts (user_id, created_at DESC);
CREATE UNIQUE INDEX posts_slug_key ON public.posts (slug);
CREATE INDEX comments_post_idx ON public.comments (post_id);
CREATE VIEW public.published_posts AS
    SELECT p.id, p.user_id, u.name AS author, p.title, p.slug, p.created_at
    FROM public.posts p JOIN public.users u ON u.id = p.user_id
    WHERE p.state = 'published';
CREATE FUNCTION public.post_comment_count(p_id integer) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM public.comments WHERE post_id = p_id $$;
COMMENT ON TABLE public.post_tags IS 'Tags of a post';
