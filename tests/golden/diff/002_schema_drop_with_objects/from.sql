CREATE SCHEMA legacy;
CREATE TABLE legacy.import_log (id serial PRIMARY KEY, line text);
CREATE VIEW legacy.recent_imports AS SELECT id, line FROM legacy.import_log WHERE id > 100;
CREATE FUNCTION legacy.count_imports() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM legacy.import_log $$;
CREATE TABLE public.users (id serial PRIMARY KEY, name text NOT NULL);
