INSERT INTO app.users VALUES (2, 'local');
