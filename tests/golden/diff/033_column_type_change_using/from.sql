CREATE TABLE public.line_items (id integer PRIMARY KEY, quantity text NOT NULL, unit_price text);
