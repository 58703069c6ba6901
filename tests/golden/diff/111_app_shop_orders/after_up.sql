SELECT (SELECT status::text FROM shop.orders WHERE id = 1) = 'new' AND (SELECT price_cents FROM shop.products WHERE id = 1) = 50;
