-- Confiture schema build (generated; edit the source files, not this one)
-- Environment: local
-- Files: 9 schema, 2 seed
-- Schema hash: sha256:1286db24fb7293bf195dfb5039e2091f408e58cd8221be03cdfeb62d4089ffc7

-- File: db/schema/00_common/extensions.sql
-- extensions and schemas
CREATE SCHEMA app;

-- File: db/schema/00_common/types.sql
CREATE TYPE app.mood AS ENUM ('ok', 'it''s fine');

-- File: db/schema/10_tables/B.sql
CREATE TABLE app."Upper" (id int);

-- File: db/schema/10_tables/a/child.sql
CREATE TABLE app.a_child (id int PRIMARY KEY);

-- File: db/schema/10_tables/a.sql
CREATE TABLE app.users (id int PRIMARY KEY, name text NOT NULL);

-- File: db/schema/10_tables/b.sql
CREATE TABLE app.lower (id int);

-- File: db/schema/10_tables/é.sql
CREATE TABLE app.accent ("é" text DEFAULT 'é; ü');

-- File: db/schema/20_views/users_view.sql
CREATE VIEW app.users_view AS
SELECT id, name, $$a;b$$ AS tag /* nested /* comment */ ; */
FROM app.users;

-- File: db/schema/9_late/one.sql
CREATE FUNCTION app.one() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
END;

-- Seeds

-- File: db/seeds/common/10_users.sql
INSERT INTO app.users VALUES (1, 'common');

-- File: db/seeds/local/20_users.sql
INSERT INTO app.users VALUES (2, 'local');
