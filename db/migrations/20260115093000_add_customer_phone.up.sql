-- Customers may leave a phone number.
ALTER TABLE shop.customers ADD COLUMN phone text;
