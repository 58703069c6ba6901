INSERT INTO shop.products (sku, name, price_cents, stock) VALUES ('A-1', 'Apple', 50, 10);
INSERT INTO shop.orders (customer_email) VALUES ('ada@example.org');
INSERT INTO shop.order_lines VALUES (1, 1, 2);
