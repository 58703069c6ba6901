CREATE TABLE app.never (id int);
