-- The first version of the shop schema.
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'Customers, products and orders';
CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE shop.customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    full_name   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_format CHECK (position('@' in email) > 1)
);
COMMENT ON TABLE shop.customers IS 'People who place orders';
COMMENT ON COLUMN shop.customers.email IS 'Login and contact address; personal data';

CREATE TABLE shop.products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku          text NOT NULL UNIQUE,
    name         text NOT NULL,
    price_cents  integer NOT NULL CHECK (price_cents >= 0),
    active       boolean NOT NULL DEFAULT true
);
CREATE INDEX products_active_name_idx ON shop.products (name) WHERE active;

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

CREATE VIEW shop.order_totals AS
SELECT o.id AS order_id,
       o.customer_id,
       o.status,
       coalesce(sum(i.quantity * i.unit_cents), 0)::bigint AS total_cents
FROM shop.orders o
LEFT JOIN shop.order_items i ON i.order_id = o.id
GROUP BY o.id, o.customer_id, o.status;

CREATE FUNCTION shop.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_touch_updated_at
    BEFORE UPDATE ON shop.customers
    FOR EACH ROW EXECUTE FUNCTION shop.touch_updated_at();

CREATE FUNCTION shop.customer_lifetime_value(p_customer_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(total_cents), 0)::bigint
    FROM shop.order_totals
    WHERE customer_id = p_customer_id AND status IN ('paid', 'shipped');
$$;
