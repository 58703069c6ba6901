CREATE TABLE public.invoices (id integer PRIMARY KEY, amount integer NOT NULL, vat_rate numeric NOT NULL DEFAULT 0.2);
CREATE FUNCTION public.invoice_gross(p_id integer) RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT amount * (1 + vat_rate) FROM public.invoices WHERE id = p_id;
END;
