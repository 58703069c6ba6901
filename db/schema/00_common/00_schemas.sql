-- Schemas and shared types of the example shop.
CREATE SCHEMA shop;

COMMENT ON SCHEMA shop IS 'Customers, products and orders';

CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
