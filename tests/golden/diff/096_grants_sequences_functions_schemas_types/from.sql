DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE confiture_app_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE SEQUENCE app.order_seq;
CREATE FUNCTION app.next_order() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('app.order_seq') $$;
CREATE TYPE app.status AS ENUM ('new', 'done');
CREATE DOMAIN app.short_text AS varchar(80);
