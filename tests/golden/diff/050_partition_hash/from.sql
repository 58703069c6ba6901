CREATE TABLE public.carts (id bigint PRIMARY KEY, owner_id bigint NOT NULL);
