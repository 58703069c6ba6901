CREATE TABLE public.invoices (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL);
CREATE FUNCTION public.invoice_gross(p_id integer) RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT amount * 1.2 FROM public.invoices WHERE id = p_id;
END;
