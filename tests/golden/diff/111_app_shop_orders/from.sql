DO $$ BEGIN CREATE ROLE confiture_app_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA shop;
CREATE TABLE shop.products (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    stock integer NOT NULL DEFAULT 0
);
CREATE TABLE shop.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_email text NOT NULL,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shop.order_lines (
    order_id bigint NOT NULL REFERENCES shop.orders (id),
    product_id bigint NOT NULL REFERENCES shop.products (id),
    qty integer NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE VIEW shop.order_totals AS
    SELECT l.order_id, sum(l.qty * p.price_cents) AS total_cents
    FROM shop.order_lines l JOIN shop.products p ON p.id = l.product_id GROUP BY l.order_id;
GRANT USAGE ON SCHEMA shop TO confiture_app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO confiture_app_reader;
