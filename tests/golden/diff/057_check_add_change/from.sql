CREATE TABLE public.products (
    id integer PRIMARY KEY,
    price numeric NOT NULL CONSTRAINT products_price_check CHECK (price > 0),
    discount numeric
);
