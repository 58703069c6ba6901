DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- New objects are created under the default privileges in effect before the script changes
-- them: their privileges are then set explicitly to the desired ones.
CREATE SCHEMA reports;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO confiture_app_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA reports GRANT INSERT ON TABLES TO confiture_app_reader;
CREATE SCHEMA archive;
CREATE TABLE reports.daily (day date, total numeric);
CREATE FUNCTION reports.total() RETURNS numeric LANGUAGE sql AS 'select 0';
CREATE SEQUENCE reports.run_no;
