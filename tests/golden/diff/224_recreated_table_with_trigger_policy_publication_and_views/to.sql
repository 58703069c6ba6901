-- A table with row security, a policy, a trigger, column privileges and a publication of some
-- of its columns becomes partitioned by list: all of these are made again on the new table, and
-- a view on it (with a column comment and default), a materialized view on the view and a view
-- on the materialized view are dropped before it and created again after.
DO $$ BEGIN CREATE ROLE confiture_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.tickets (id integer NOT NULL, team text NOT NULL, title text, opened date DEFAULT CURRENT_DATE)
  PARTITION BY LIST (team);
CREATE TABLE app.tickets_core PARTITION OF app.tickets FOR VALUES IN ('core');
CREATE TABLE app.tickets_other PARTITION OF app.tickets DEFAULT;
ALTER TABLE app.tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_only ON app.tickets FOR SELECT TO confiture_reader USING (team = current_user);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.opened := CURRENT_DATE; RETURN NEW; END $$;
CREATE TRIGGER tickets_touch BEFORE INSERT ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE PUBLICATION tickets_pub FOR TABLE app.tickets (id, team, title) WITH (publish_via_partition_root = true);
GRANT SELECT (id, title) ON app.tickets TO confiture_reader;
CREATE VIEW app.open_tickets AS SELECT id, team, title FROM app.tickets WHERE opened IS NOT NULL;
COMMENT ON COLUMN app.open_tickets.title IS 'short title';
ALTER VIEW app.open_tickets ALTER COLUMN team SET DEFAULT 'core';
CREATE MATERIALIZED VIEW app.per_team AS SELECT team, count(*) AS n FROM app.open_tickets GROUP BY team;
CREATE VIEW app.team_names AS SELECT DISTINCT team FROM app.per_team;
