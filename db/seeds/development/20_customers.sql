INSERT INTO shop.customers (email, full_name, phone) VALUES
    ('ada@example.com', 'Ada Example', '+33 1 23 45 67 89'),
    ('bob@example.com', 'Bob Example', NULL);

INSERT INTO shop.orders (customer_id, status)
SELECT id, 'paid' FROM shop.customers WHERE email = 'ada@example.com';

INSERT INTO shop.order_items (order_id, product_id, quantity, unit_cents)
SELECT o.id, p.id, 2, p.price_cents
FROM shop.orders o CROSS JOIN shop.products p
WHERE p.sku = 'JAM-FIG-250';
