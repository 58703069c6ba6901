INSERT INTO app.users VALUES (1, 'common');
