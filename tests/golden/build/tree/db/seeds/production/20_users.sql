INSERT INTO app.users VALUES (3, 'production');
