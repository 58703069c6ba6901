CREATE TABLE public.products (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL -- confiture:renamed-from price_str
);
