CREATE TABLE public.settings (key text PRIMARY KEY, value text NOT NULL);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    issued_at timestamptz NOT NULL DEFAULT now()
);
