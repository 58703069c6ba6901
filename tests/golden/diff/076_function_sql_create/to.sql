CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric NOT NULL);
CREATE FUNCTION public.order_total(order_id integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT total FROM public.orders WHERE id = order_id $$;
CREATE FUNCTION public.add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN amount * (1 + rate);
