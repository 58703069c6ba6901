-- Text search dictionaries and configurations; a changed configuration is recreated with the
-- index and view that use it.
CREATE TEXT SEARCH DICTIONARY public.english_stem_nostop (TEMPLATE = snowball, language = 'english');
COMMENT ON TEXT SEARCH DICTIONARY public.english_stem_nostop IS 'English stems, every word kept';
CREATE TEXT SEARCH CONFIGURATION public.docs_cfg (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION public.docs_cfg ALTER MAPPING FOR word, asciiword WITH public.english_stem_nostop;
CREATE TEXT SEARCH CONFIGURATION public.titles_cfg (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION public.titles_cfg ADD MAPPING FOR asciiword WITH simple;
CREATE TABLE public.docs (id integer, body text,
    title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('public.titles_cfg'::regconfig, body)) STORED);
CREATE INDEX docs_fts ON public.docs USING gin (to_tsvector('public.docs_cfg'::regconfig, body));
CREATE VIEW public.docs_vectors AS SELECT id, to_tsvector('public.docs_cfg'::regconfig, body) AS v FROM public.docs;
