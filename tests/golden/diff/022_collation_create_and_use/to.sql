CREATE COLLATION public.ci_nd (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION public.posix_c (provider = libc, locale = 'C');
CREATE TABLE public.tags (id integer PRIMARY KEY, label text COLLATE public.ci_nd NOT NULL, slug text COLLATE public.posix_c);
