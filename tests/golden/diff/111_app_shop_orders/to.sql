DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA shop;
CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE shop.products (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price_cents bigint NOT NULL CHECK (price_cents >= 0),
    stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
    discontinued_at timestamptz
);
CREATE TABLE shop.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_email text NOT NULL,
    status shop.order_status NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz,
    CONSTRAINT orders_paid_check CHECK (status = 'new' OR paid_at IS NOT NULL)
);
CREATE TABLE shop.order_lines (
    order_id bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES shop.products (id),
    qty integer NOT NULL CHECK (qty > 0),
    unit_price_cents bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_lines_product_idx ON shop.order_lines (product_id);
CREATE INDEX orders_status_idx ON shop.orders (status) WHERE status <> 'shipped';
CREATE VIEW shop.order_totals AS
    SELECT l.order_id, sum(l.qty * l.unit_price_cents) AS total_cents, count(*) AS line_count
    FROM shop.order_lines l GROUP BY l.order_id;
CREATE FUNCTION shop.reserve_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE shop.products SET stock = stock - NEW.qty WHERE id = NEW.product_id;
    RETURN NEW;
END; $$;
CREATE TRIGGER order_lines_reserve AFTER INSERT ON shop.order_lines FOR EACH ROW EXECUTE FUNCTION shop.reserve_stock();
GRANT USAGE ON SCHEMA shop TO confiture_app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO confiture_app_reader;
