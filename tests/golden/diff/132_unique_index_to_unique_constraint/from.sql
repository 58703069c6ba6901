CREATE TABLE public.slugs (id integer PRIMARY KEY, slug text NOT NULL, site text NOT NULL);
CREATE UNIQUE INDEX slugs_site_slug_key ON public.slugs (site, slug);
