CREATE TABLE app.users (id int PRIMARY KEY, name text NOT NULL);
