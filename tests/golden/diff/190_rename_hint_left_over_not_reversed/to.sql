CREATE SCHEMA core;
CREATE TABLE core.accounts (
    id integer PRIMARY KEY,
    name text NOT NULL, -- confiture:renamed-from title
    email text
);
