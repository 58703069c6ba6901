CREATE TABLE shop.customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    full_name   text NOT NULL,
    phone       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_format CHECK (position('@' in email) > 1)
);

COMMENT ON TABLE shop.customers IS 'People who place orders';
COMMENT ON COLUMN shop.customers.email IS 'Login and contact address; personal data';
