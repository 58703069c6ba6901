CREATE DOMAIN public.email_address AS text
    CONSTRAINT email_address_check CHECK (VALUE ~ '^[^@\s]+@[^@\s]+$');
CREATE TABLE public.contacts (id integer PRIMARY KEY, email public.email_address NOT NULL);
