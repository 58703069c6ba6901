CREATE TABLE public.slugs (id integer PRIMARY KEY, slug text NOT NULL, site text NOT NULL,
    CONSTRAINT slugs_site_slug_key UNIQUE (site, slug));
