CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE public.bookings (id integer PRIMARY KEY, room_id integer NOT NULL, during tstzrange NOT NULL);
