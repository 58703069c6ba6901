CREATE TABLE public.customer (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    referrer_id bigint REFERENCES public.customer (id),
    age integer CHECK (age >= 0)
);
CREATE INDEX customer_lower_email_idx ON public.customer (lower(email));
CREATE INDEX idx_customer_age ON public.customer (age) WHERE age > 17;
COMMENT ON INDEX public.idx_customer_age IS 'adults only';
CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES public.customer (id)
);
CREATE FUNCTION public.customer_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.customer $$;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER customer_touch BEFORE UPDATE ON public.customer FOR EACH ROW EXECUTE FUNCTION public.touch();
ALTER TABLE public.customer ENABLE ROW LEVEL SECURITY;
CREATE POLICY adults ON public.customer USING (age >= 18);
CREATE VIEW public.adult_emails AS SELECT c.id, c.email FROM public.customer c WHERE c.age >= 18;
-- created last: every object above has a smaller OID, and so does what the migration keeps
CREATE SEQUENCE public.marker;
