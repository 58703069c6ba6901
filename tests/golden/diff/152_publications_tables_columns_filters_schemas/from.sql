CREATE TABLE public.orders (id integer PRIMARY KEY, note text, total numeric);
CREATE TABLE public.refunds (id integer PRIMARY KEY);
CREATE SCHEMA audit;
CREATE TABLE audit.entries (id integer);
CREATE PUBLICATION orders_pub FOR TABLE public.orders;
CREATE PUBLICATION refunds_pub FOR TABLE public.refunds;
