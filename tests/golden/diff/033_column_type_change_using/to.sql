CREATE TABLE public.line_items (id integer PRIMARY KEY, quantity integer NOT NULL, unit_price numeric(10,2));
