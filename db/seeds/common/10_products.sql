INSERT INTO shop.products (sku, name, price_cents) VALUES
    ('JAM-APR-250', 'Apricot jam 250 g', 450),
    ('JAM-FIG-250', 'Fig jam 250 g', 520),
    ('JAM-STR-500', 'Strawberry jam 500 g', 790);
