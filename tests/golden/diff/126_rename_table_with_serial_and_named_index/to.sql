CREATE TABLE public.clients ( -- confiture:renamed-from customer
    id serial PRIMARY KEY,
    email text NOT NULL
);
CREATE INDEX clients_email_idx ON public.clients (email);
