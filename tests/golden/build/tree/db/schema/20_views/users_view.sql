CREATE VIEW app.users_view AS
SELECT id, name, $$a;b$$ AS tag /* nested /* comment */ ; */
FROM app.users;
