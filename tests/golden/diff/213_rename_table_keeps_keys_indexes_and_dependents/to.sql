CREATE TABLE public.clients ( -- confiture:renamed-from customer
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    referrer_id bigint REFERENCES public.clients (id),
    age integer CHECK (age >= 0)
);
CREATE INDEX clients_lower_email_idx ON public.clients (lower(email));
CREATE INDEX idx_clients_age ON public.clients (age) WHERE age > 17;
COMMENT ON INDEX public.idx_clients_age IS 'adults only';
CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES public.clients (id)
);
CREATE FUNCTION public.customer_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.clients $$;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER customer_touch BEFORE UPDATE ON public.clients FOR EACH ROW EXECUTE FUNCTION public.touch();
ALTER TABLE public.clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY adults ON public.clients USING (age >= 18);
CREATE VIEW public.adult_emails AS SELECT c.id, c.email FROM public.clients c WHERE c.age >= 18;
CREATE SEQUENCE public.marker;
