CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric CONSTRAINT chk_amount CHECK (amount >= 0));
