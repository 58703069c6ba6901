CREATE SEQUENCE public.invoice_number_seq AS bigint START WITH 1000 INCREMENT BY 1 MINVALUE 1000 CACHE 1;
CREATE TABLE public.invoices (id integer PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('public.invoice_number_seq'));
