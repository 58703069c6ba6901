CREATE SEQUENCE public.keep_ids;
COMMENT ON SEQUENCE public.keep_ids IS 'still used by the importer';
