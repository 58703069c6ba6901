CREATE TEXT SEARCH DICTIONARY public.english_stem_nostop (TEMPLATE = snowball, language = 'english');
CREATE TEXT SEARCH CONFIGURATION public.docs_cfg (COPY = simple);
CREATE TABLE public.docs (id integer, body text);
CREATE INDEX docs_fts ON public.docs USING gin (to_tsvector('public.docs_cfg'::regconfig, body));
CREATE VIEW public.docs_vectors AS SELECT id, to_tsvector('public.docs_cfg'::regconfig, body) AS v FROM public.docs;
