CREATE TABLE public.clients ( -- confiture:renamed-from customer
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE public.invoices (id integer PRIMARY KEY, customer_id integer REFERENCES public.clients (id));
