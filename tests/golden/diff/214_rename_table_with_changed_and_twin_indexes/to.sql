CREATE TABLE public.clients ( -- confiture:renamed-from customer
    id integer PRIMARY KEY,
    email text NOT NULL,
    age integer
);
-- changed with the rename: built again
CREATE INDEX clients_email_idx ON public.clients (email, age);
-- two of the same definition: which is which is unknown, so both are built again
CREATE INDEX clients_age_a ON public.clients (age);
CREATE INDEX clients_age_b ON public.clients (age);
