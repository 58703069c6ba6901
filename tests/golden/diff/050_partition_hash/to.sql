CREATE TABLE public.carts (id bigint PRIMARY KEY, owner_id bigint NOT NULL);
CREATE TABLE public.cart_items (cart_id bigint NOT NULL, sku text NOT NULL, qty integer NOT NULL DEFAULT 1,
    PRIMARY KEY (cart_id, sku)) PARTITION BY HASH (cart_id);
CREATE TABLE public.cart_items_p0 PARTITION OF public.cart_items FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE public.cart_items_p1 PARTITION OF public.cart_items FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE public.cart_items_p2 PARTITION OF public.cart_items FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE public.cart_items_p3 PARTITION OF public.cart_items FOR VALUES WITH (MODULUS 4, REMAINDER 3);
