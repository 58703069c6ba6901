CREATE TABLE app."Upper" (id int);
