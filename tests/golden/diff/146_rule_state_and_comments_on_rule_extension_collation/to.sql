-- A disabled rule, and comments on a rule, an extension and a collation.
CREATE EXTENSION IF NOT EXISTS citext;
COMMENT ON EXTENSION citext IS 'case-insensitive text';
CREATE TABLE public.items (id integer);
CREATE TABLE public.items_log (id integer);
CREATE RULE items_log AS ON INSERT TO public.items DO ALSO INSERT INTO public.items_log VALUES (NEW.id);
ALTER TABLE public.items DISABLE RULE items_log;
COMMENT ON RULE items_log ON public.items IS 'keeps a log';
CREATE COLLATION public.german (provider = icu, locale = 'de');
COMMENT ON COLLATION public.german IS 'German';
