-- Sum of all paid or shipped orders of a customer, in cents.
CREATE FUNCTION shop.customer_lifetime_value(p_customer_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(total_cents), 0)::bigint
    FROM shop.order_totals
    WHERE customer_id = p_customer_id AND status IN ('paid', 'shipped');
$$;
