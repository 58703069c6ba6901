CREATE TYPE public.order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TABLE public.orders (id integer PRIMARY KEY, status public.order_status NOT NULL DEFAULT 'pending');
