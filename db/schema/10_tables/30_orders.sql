CREATE TABLE shop.orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES shop.customers (id) ON DELETE RESTRICT,
    status       shop.order_status NOT NULL DEFAULT 'pending',
    placed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON shop.orders (customer_id);

CREATE TABLE shop.order_items (
    order_id     bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    product_id   bigint NOT NULL REFERENCES shop.products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    unit_cents   integer NOT NULL CHECK (unit_cents >= 0),
    PRIMARY KEY (order_id, product_id)
);
