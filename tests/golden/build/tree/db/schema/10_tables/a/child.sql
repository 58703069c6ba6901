CREATE TABLE app.a_child (id int PRIMARY KEY);
