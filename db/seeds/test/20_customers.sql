INSERT INTO shop.customers (email, full_name) VALUES ('test@example.com', 'Test Customer');
