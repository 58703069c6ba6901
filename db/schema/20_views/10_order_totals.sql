-- One row per order with its total, for reporting.
CREATE VIEW shop.order_totals AS
SELECT o.id AS order_id,
       o.customer_id,
       o.status,
       coalesce(sum(i.quantity * i.unit_cents), 0)::bigint AS total_cents
FROM shop.orders o
LEFT JOIN shop.order_items i ON i.order_id = o.id
GROUP BY o.id, o.customer_id, o.status;
